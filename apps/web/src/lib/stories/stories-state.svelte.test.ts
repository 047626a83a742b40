import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  applyTemplate,
  getStoryBody,
  readAnnotations,
  readBoard,
  type Actor,
} from '@journeyboard/model';
import { StoriesState } from './stories-state.svelte.ts';

const ana: Actor = { userId: 'ana' };
const bruno: Actor = { userId: 'bruno' };
const states: StoriesState[] = [];

/** Two docs that exchange every update, as two browsers through the sync server do. */
function connectedDocs(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== b) Y.applyUpdate(b, update, a);
  });
  b.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== a) Y.applyUpdate(a, update, b);
  });
  applyTemplate(a, 'starter', ana);
  return [a, b];
}

function stateFor(doc: Y.Doc, actor: Actor, readonly = false): StoriesState {
  const state = new StoriesState({ doc, actor, readonly: () => readonly });
  states.push(state);
  return state;
}

function frictionCard(doc: Y.Doc, text: string): string {
  const board = readBoard(doc);
  const lane = board.lanes.find((candidate) => candidate.kind === 'friction')!;
  return addCard(doc, { laneId: lane.id, stageId: board.stages[0]!.id, text }, ana);
}

const BODY = 'We signed in March. Setup took two weeks because SSO kept failing.';
const WORDS = 'took two weeks';

afterEach(() => {
  for (const state of states.splice(0)) state.destroy();
});

describe('StoriesState', () => {
  it('counts a card’s evidence as highlights are linked and unlinked', () => {
    const [a, b] = connectedDocs();
    const mine = stateFor(a, ana);
    const theirs = stateFor(b, bruno);
    const cardId = frictionCard(a, 'Setup is slow');
    const storyId = mine.addStory({ title: 'Call', source: 'interview', body: BODY })!;
    expect(theirs.cardsWithoutEvidence.has(cardId)).toBe(true);
    expect(theirs.unannotatedCount).toBe(1);
    const start = BODY.indexOf(WORDS);
    const highlight = theirs.highlight(storyId, start, start + WORDS.length, 'friction')!;
    theirs.link(highlight, cardId);
    expect(mine.evidenceOf(cardId)).toMatchObject({ count: 1, storyCount: 1 });
    expect(mine.cardsBackedBy(storyId)).toEqual([cardId]);
    expect(mine.cardsWithoutEvidence.has(cardId)).toBe(false);
    expect(mine.unannotatedCount).toBe(0);
    mine.unlink(highlight, cardId);
    expect(theirs.evidenceOf(cardId).count).toBe(0);
    expect(theirs.cardsWithoutEvidence.has(cardId)).toBe(true);
  });

  it('brings a highlight back on the same words for the other person when its deletion is undone', () => {
    const [a, b] = connectedDocs();
    const mine = stateFor(a, ana);
    const theirs = stateFor(b, bruno);
    const storyId = mine.addStory({ title: 'Call', source: 'interview', body: BODY })!;
    const start = BODY.indexOf(WORDS);
    mine.highlight(storyId, start, start + WORDS.length, 'pain');
    // Ana types inside the highlight, so its words span several runs of text.
    const bodyA = getStoryBody(a, storyId);
    a.transact(() => bodyA.insert(start + 'took'.length, ' nearly'), ana);
    const bodyB = getStoryBody(b, storyId);
    const from = bodyB.toJSON().indexOf(' took');
    b.transact(() => bodyB.delete(from, ' took nearly two weeks'.length), bruno);
    expect(mine.annotationsOf(storyId)).toEqual([]);
    theirs.undo();
    for (const doc of [a, b]) {
      expect(readAnnotations(doc).map((annotation) => annotation.text)).toEqual([
        'took nearly two weeks',
      ]);
    }
    expect(mine.annotationsOf(storyId).map((annotation) => annotation.text)).toEqual([
      'took nearly two weeks',
    ]);
    // The re-anchoring is no undo step of its own: redo deletes the words again.
    theirs.redo();
    expect(mine.annotationsOf(storyId)).toEqual([]);
  });

  it('lets a read-only member comment but not edit stories', () => {
    const [a, b] = connectedDocs();
    const owner = stateFor(a, ana);
    const commenter = stateFor(b, bruno, true);
    const storyId = owner.addStory({ title: 'Ticket 4411', source: 'support-ticket', body: BODY })!;
    expect(commenter.addStory({ title: 'Nope', source: 'other', body: '' })).toBeUndefined();
    expect(commenter.highlight(storyId, 0, 5, 'idea')).toBeUndefined();
    commenter.comment({ kind: 'story', id: storyId }, 'Is this the SSO bug?', []);
    expect(owner.threadsOf({ kind: 'story', id: storyId })).toHaveLength(1);
    expect(owner.stories).toHaveLength(1);
  });
});
