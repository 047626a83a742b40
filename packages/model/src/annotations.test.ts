import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addAnnotation,
  deleteAnnotation,
  reanchorAnnotations,
  setAnnotationNote,
  setAnnotationTag,
} from './annotations.ts';
import { isEvidenceError } from './evidence-errors.ts';
import { addStory, getStoryBody } from './stories.ts';
import { readAnnotations } from './stories-read.ts';
import { alice, bob } from './testing.ts';

function storyWith(body: string) {
  const doc = new Y.Doc();
  const storyId = addStory(doc, { title: 'Interview 1', body }, alice);
  return { doc, storyId, body: getStoryBody(doc, storyId) };
}

function highlight(doc: Y.Doc, storyId: string, words: string) {
  const text = getStoryBody(doc, storyId).toJSON();
  const start = text.indexOf(words);
  return addAnnotation(doc, { storyId, start, end: start + words.length, tag: 'pain' }, alice);
}

/** Two docs that exchange every update, as two browsers through the sync server do. */
function connectedPair(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== b) Y.applyUpdate(b, update, a);
  });
  b.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== a) Y.applyUpdate(a, update, b);
  });
  return [a, b];
}

const only = (doc: Y.Doc) => readAnnotations(doc, { includeOrphaned: true })[0]!;

describe('annotations', () => {
  it('reads back the highlighted words, tag and note', () => {
    const { doc, storyId } = storyWith('The invoice was wrong twice');
    const id = highlight(doc, storyId, 'invoice was wrong');
    setAnnotationNote(doc, id, 'billing', alice);
    setAnnotationTag(doc, id, 'friction', bob);
    expect(only(doc)).toMatchObject({
      text: 'invoice was wrong',
      tag: 'friction',
      note: 'billing',
      orphaned: false,
    });
  });

  it('keeps text typed right before the start outside the highlight', () => {
    const { doc, storyId, body } = storyWith('The invoice was wrong');
    highlight(doc, storyId, 'invoice');
    body.insert(4, 'new ');
    expect(only(doc).text).toBe('invoice');
  });

  it('keeps text typed right after the end outside the highlight', () => {
    const { doc, storyId, body } = storyWith('The invoice was wrong');
    highlight(doc, storyId, 'invoice');
    body.insert(11, 's');
    expect(only(doc).text).toBe('invoice');
  });

  it('grows with text typed inside it', () => {
    const { doc, storyId, body } = storyWith('The invoice was wrong');
    highlight(doc, storyId, 'invoice was');
    body.insert(11, ' really');
    expect(only(doc).text).toBe('invoice really was');
  });

  it('shrinks when part of its text is deleted', () => {
    const { doc, storyId, body } = storyWith('The invoice was wrong');
    highlight(doc, storyId, 'invoice was');
    body.delete(4, 8);
    expect(only(doc).text).toBe('was');
  });

  it('reads as orphaned and is hidden when all of its text is deleted', () => {
    const { doc, storyId, body } = storyWith('The invoice was wrong');
    highlight(doc, storyId, 'invoice');
    body.delete(2, 12);
    expect(only(doc).orphaned).toBe(true);
    expect(readAnnotations(doc)).toEqual([]);
  });

  it('comes back when the deletion of its text is undone and re-anchored', () => {
    const { doc, storyId, body } = storyWith('The invoice was wrong');
    highlight(doc, storyId, 'invoice');
    const undo = new Y.UndoManager(body, { trackedOrigins: new Set([bob]) });
    doc.transact(() => body.delete(4, 8), bob);
    expect(readAnnotations(doc)).toEqual([]);
    undo.undo();
    expect(reanchorAnnotations(doc, 'reanchor')).toBe(1);
    expect(readAnnotations(doc).map((a) => a.text)).toEqual(['invoice']);
    // Nothing left to move: a second call writes nothing.
    expect(reanchorAnnotations(doc, 'reanchor')).toBe(0);
    undo.redo();
    expect(readAnnotations(doc)).toEqual([]);
    undo.undo();
    reanchorAnnotations(doc, 'reanchor');
    expect(readAnnotations(doc).map((a) => a.text)).toEqual(['invoice']);
    undo.destroy();
  });

  it('comes back on the same words for a peer when another person undoes the deletion', () => {
    const [a, b] = connectedPair();
    const storyId = addStory(
      a,
      { title: 'Call', body: 'We signed. Setup took two weeks. Fine.' },
      alice,
    );
    highlight(a, storyId, 'took two weeks');
    const bodyA = getStoryBody(a, storyId);
    const bodyB = getStoryBody(b, storyId);
    // Split the highlighted run into pieces from both sides, as live typing does.
    for (const [index, char] of [...' nearly'].entries()) {
      a.transact(() => bodyA.insert(bodyA.toJSON().indexOf('took') + 4 + index, char), alice);
    }
    b.transact(() => bodyB.insert(bodyB.toJSON().indexOf('weeks') + 5, ' (!)'), bob);
    const undo = new Y.UndoManager(bodyB, { trackedOrigins: new Set([bob]) });
    const text = bodyB.toJSON();
    const from = text.indexOf(' took');
    b.transact(() => bodyB.delete(from, ' took nearly two weeks'.length), bob);
    expect(readAnnotations(a)).toEqual([]);
    undo.undo();
    reanchorAnnotations(b, 'reanchor');
    for (const doc of [a, b]) {
      expect(readAnnotations(doc).map((x) => x.text)).toEqual(['took nearly two weeks']);
    }
    undo.destroy();
  });

  it('refuses an empty or out-of-range span before writing', () => {
    const { doc, storyId } = storyWith('Short');
    const before = Y.encodeStateVector(doc);
    for (const [start, end] of [
      [2, 2],
      [3, 1],
      [-1, 2],
      [0, 6],
    ] as const) {
      expect(() => addAnnotation(doc, { storyId, start, end, tag: 'idea' }, alice)).toThrow(
        expect.objectContaining({ code: 'invalid-range' }),
      );
    }
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('refuses an unknown tag', () => {
    const { doc, storyId } = storyWith('Short');
    let caught: unknown;
    try {
      // reason: the tag comes from outside TypeScript's reach (an old client, a CSV).
      addAnnotation(doc, { storyId, start: 0, end: 2, tag: 'angry' as 'pain' }, alice);
    } catch (error) {
      caught = error;
    }
    expect(isEvidenceError(caught, 'invalid-tag')).toBe(true);
  });

  it('is gone after delete', () => {
    const { doc, storyId } = storyWith('The invoice was wrong');
    const id = highlight(doc, storyId, 'invoice');
    deleteAnnotation(doc, id, alice);
    expect(readAnnotations(doc, { includeOrphaned: true })).toEqual([]);
  });
});
