import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard } from './cards.ts';
import { readBoard } from './read.ts';
import { clearTemplateExamples, hasTemplateExamples } from './template-examples.ts';
import { applyTemplate } from './templates.ts';

const ada = { userId: 'ada' };

describe('template examples', () => {
  it('seeds the starter with cards, a persona and an emotion curve', () => {
    const doc = new Y.Doc();
    applyTemplate(doc, 'starter', ada, { examples: true });
    const board = readBoard(doc);
    expect(board.cards.length).toBeGreaterThanOrEqual(12);
    expect(board.personas.map((p) => p.name)).toEqual(['Maya, 29, learning Spanish']);
    const emotion = board.lanes.find((lane) => lane.kind === 'emotion');
    expect(Object.keys(emotion?.scores ?? {})).toHaveLength(5);
    expect(hasTemplateExamples(doc)).toBe(true);
  });

  it('leaves boards without the option, and the blank template, empty', () => {
    const plain = new Y.Doc();
    applyTemplate(plain, 'starter', ada);
    expect(readBoard(plain).cards).toEqual([]);
    const blank = new Y.Doc();
    applyTemplate(blank, 'blank', ada, { examples: true });
    expect(readBoard(blank).cards).toEqual([]);
    expect(hasTemplateExamples(blank)).toBe(false);
  });

  it('clears every example in one step and keeps the team’s own cards and scores', () => {
    const doc = new Y.Doc();
    applyTemplate(doc, 'starter', ada, { examples: true });
    const board = readBoard(doc);
    const lane = board.lanes[0]?.id ?? '';
    const own = addCard(doc, { laneId: lane, stageId: 't-stage-0', text: 'Ours' }, ada);
    const emotion = doc
      .getMap('lanes')
      .get(board.lanes.find((l) => l.kind === 'emotion')?.id ?? '');
    ((emotion as Y.Map<unknown>).get('scores') as Y.Map<number>).set('t-stage-1', 3);
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    clearTemplateExamples(doc, ada);
    expect(transactions).toBe(1);
    const after = readBoard(doc);
    expect(after.cards.map((card) => card.id)).toEqual([own]);
    expect(after.personas).toEqual([]);
    expect(after.lanes.find((l) => l.kind === 'emotion')?.scores).toEqual({ 't-stage-1': 3 });
    expect(hasTemplateExamples(doc)).toBe(false);
  });
});
