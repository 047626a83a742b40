import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readBoard } from './read.ts';
import { addStage } from './stages.ts';
import { applyTemplate, TEMPLATES, type TemplateId } from './templates.ts';
import { alice, bob, recordTransactions, syncDocs } from './testing.ts';

describe('templates', () => {
  it('lists blank and starter for the UI', () => {
    expect(TEMPLATES.map((template) => template.id)).toEqual(['blank', 'starter']);
    expect(TEMPLATES.every((template) => template.label.length > 0)).toBe(true);
  });

  it('gives the starter stages and the usual lanes', () => {
    const doc = new Y.Doc();
    applyTemplate(doc, 'starter', alice);
    const board = readBoard(doc);
    expect(board.title).toBe('Customer journey');
    expect(board.stages.map((stage) => stage.name)).toEqual([
      'Awareness',
      'Onboarding',
      'Activation',
      'Perceived value',
      'Loyalty',
    ]);
    expect(board.lanes.map((lane) => [lane.name, lane.kind])).toEqual([
      ['Customer actions', 'actions'],
      ['Touchpoints', 'touchpoints'],
      ['Thoughts & feelings', 'thoughts'],
      ['Emotion curve', 'emotion'],
      ['Friction points', 'friction'],
      ['Opportunities', 'opportunities'],
      ['Backstage', 'backstage'],
      ['KPIs', 'kpis'],
    ]);
    expect(board.cards).toEqual([]);
  });

  it('gives the blank board one stage and one lane', () => {
    const doc = new Y.Doc();
    applyTemplate(doc, 'blank', alice);
    const board = readBoard(doc);
    expect(board.title).toBe('Untitled journey');
    expect(board.stages.map((stage) => stage.name)).toEqual(['Stage 1']);
    expect(board.lanes.map((lane) => lane.kind)).toEqual(['actions']);
  });

  it('uses the given title, else keeps an existing one', () => {
    const doc = new Y.Doc();
    applyTemplate(doc, 'blank', alice, { title: 'Checkout' });
    expect(readBoard(doc).title).toBe('Checkout');
    const other = new Y.Doc();
    other.getMap('meta').set('title', 'Kept');
    applyTemplate(other, 'starter', alice);
    expect(readBoard(other).title).toBe('Kept');
  });

  it('writes in exactly one transaction with the actor as origin', () => {
    const doc = new Y.Doc();
    const record = recordTransactions(doc);
    applyTemplate(doc, 'starter', bob);
    expect(record.origins).toEqual([bob]);
  });

  it('refuses a board that already has stages', () => {
    const doc = new Y.Doc();
    addStage(doc, { name: 'S' }, alice);
    expect(() => applyTemplate(doc, 'starter', alice)).toThrow(
      expect.objectContaining({ code: 'board-not-empty' }),
    );
  });

  it('refuses an unknown template', () => {
    expect(() => applyTemplate(new Y.Doc(), 'fancy' as TemplateId, alice)).toThrow(
      expect.objectContaining({ code: 'unknown-template' }),
    );
  });

  it('holds one copy when two peers apply a template at once', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    applyTemplate(a, 'starter', alice);
    applyTemplate(b, 'starter', bob);
    syncDocs(a, b);
    expect(readBoard(a).stages).toHaveLength(5);
    expect(readBoard(a).lanes).toHaveLength(8);
    expect(readBoard(b)).toEqual(readBoard(a));
  });
});
