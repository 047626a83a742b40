import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isEvidenceError } from './evidence-errors.ts';
import { readBoard } from './read.ts';
import {
  addStories,
  addStory,
  attachStoryToStage,
  deleteStory,
  detachStoryFromStage,
  getStoryBody,
  setStoryBody,
  updateStory,
} from './stories.ts';
import { readStories, readStoryById, readAnnotations } from './stories-read.ts';
import { addAnnotation } from './annotations.ts';
import { deleteStage } from './stages.ts';
import { applyTemplate } from './templates.ts';
import { alice, bob, syncDocs } from './testing.ts';

function starterDoc() {
  const doc = new Y.Doc();
  applyTemplate(doc, 'starter', alice);
  return { doc, stages: readBoard(doc).stages };
}

describe('stories', () => {
  it('adds a story with every field and reads it back', () => {
    const { doc, stages } = starterDoc();
    const id = addStory(
      doc,
      {
        title: '  Call with Acme ',
        source: 'sales-call',
        customer: 'Acme',
        date: '2026-02-28',
        persona: 'Buyer',
        body: 'They wanted SSO',
        stageIds: [stages[0]!.id],
      },
      alice,
    );
    expect(readStoryById(doc, id)).toMatchObject({
      title: 'Call with Acme',
      source: 'sales-call',
      customer: 'Acme',
      date: '2026-02-28',
      persona: 'Buyer',
      body: 'They wanted SSO',
      stageIds: [stages[0]!.id],
      author: 'alice',
    });
  });

  it('refuses a story without a title, a bad date or an unknown source', () => {
    const { doc } = starterDoc();
    expect(() => addStory(doc, { title: ' ' }, alice)).toThrow(/title/);
    expect(() => addStory(doc, { title: 'x', date: '2026-02-30' }, alice)).toThrow(/calendar/);
    // reason: a value from outside TypeScript (an old client).
    expect(() => addStory(doc, { title: 'x', source: 'podcast' as 'other' }, alice)).toThrow(
      /source/,
    );
  });

  it('merges two people typing in the same story body', () => {
    const { doc } = starterDoc();
    const id = addStory(doc, { title: 'x', body: 'The setup was slow' }, alice);
    const peer = new Y.Doc();
    syncDocs(doc, peer);
    getStoryBody(doc, id).insert(0, 'Note: ');
    setStoryBody(peer, id, 'The setup was very slow', bob);
    syncDocs(doc, peer);
    expect(getStoryBody(peer, id).toJSON()).toBe('Note: The setup was very slow');
  });

  it('updates fields and attaches and detaches stages', () => {
    const { doc, stages } = starterDoc();
    const id = addStory(doc, { title: 'x' }, alice);
    updateStory(doc, id, { title: 'y', source: 'survey', date: null }, bob);
    attachStoryToStage(doc, id, stages[2]!.id, bob);
    attachStoryToStage(doc, id, stages[1]!.id, bob);
    expect(readStoryById(doc, id)).toMatchObject({
      title: 'y',
      source: 'survey',
      stageIds: [stages[1]!.id, stages[2]!.id],
    });
    detachStoryFromStage(doc, id, stages[2]!.id, bob);
    expect(readStoryById(doc, id)!.stageIds).toEqual([stages[1]!.id]);
  });

  it('hides deleted stages from a story', () => {
    const { doc, stages } = starterDoc();
    const id = addStory(doc, { title: 'x', stageIds: [stages[0]!.id] }, alice);
    deleteStage(doc, stages[0]!.id, alice);
    expect(readStoryById(doc, id)!.stageIds).toEqual([]);
  });

  it('adds a batch in one transaction, or nothing when one input is bad', () => {
    const { doc } = starterDoc();
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    addStories(doc, [{ title: 'a' }, { title: 'b' }], alice);
    expect(transactions).toBe(1);
    let caught: unknown;
    try {
      addStories(doc, [{ title: 'c' }, { title: '' }], alice);
    } catch (error) {
      caught = error;
    }
    expect(isEvidenceError(caught, 'invalid-text')).toBe(true);
    expect(
      readStories(doc)
        .map((s) => s.title)
        .sort(),
    ).toEqual(['a', 'b']);
  });

  it('lists a batch newest first in the order it was given', () => {
    const { doc } = starterDoc();
    addStories(doc, [{ title: 'first' }, { title: 'second' }, { title: 'third' }], alice);
    expect(readStories(doc).map((s) => s.title)).toEqual(['first', 'second', 'third']);
  });

  it('deletes a story with its highlights', () => {
    const { doc } = starterDoc();
    const id = addStory(doc, { title: 'x', body: 'hello world' }, alice);
    addAnnotation(doc, { storyId: id, start: 0, end: 5, tag: 'quote' }, alice);
    deleteStory(doc, id, alice);
    expect(readStories(doc)).toEqual([]);
    expect(readAnnotations(doc, { includeOrphaned: true })).toEqual([]);
  });
});
