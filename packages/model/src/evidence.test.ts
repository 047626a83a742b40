import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addAnnotation,
  createCardFromAnnotation,
  linkAnnotation,
  unlinkAnnotation,
} from './annotations.ts';
import { addCard, deleteCard, getCardText, moveCard, setCardFields } from './cards.ts';
import {
  cardsBackedByStory,
  cardsWithoutEvidence,
  evidenceByCard,
  evidenceForCard,
  observeEvidence,
  unannotatedStories,
} from './evidence.ts';
import { readBoard } from './read.ts';
import { addStory, deleteStory, getStoryBody } from './stories.ts';
import { applyTemplate } from './templates.ts';
import { alice, bob, recordTransactions, syncDocs } from './testing.ts';

function board() {
  const doc = new Y.Doc();
  applyTemplate(doc, 'starter', alice);
  const { lanes, stages } = readBoard(doc);
  const friction = lanes.find((lane) => lane.kind === 'friction')!;
  const card = addCard(
    doc,
    { laneId: friction.id, stageId: stages[1]!.id, text: 'Slow setup' },
    alice,
  );
  const other = addCard(
    doc,
    { laneId: friction.id, stageId: stages[2]!.id, text: 'Pricing' },
    alice,
  );
  const story = addStory(
    doc,
    { title: 'Ana', body: 'Setup took two weeks and pricing confused me' },
    alice,
  );
  const second = addStory(doc, { title: 'Bo', body: 'Setup was slow' }, alice);
  return { doc, card, other, story, second, friction, stages };
}

function highlight(doc: Y.Doc, storyId: string, words: string) {
  const start = getStoryBody(doc, storyId).toJSON().indexOf(words);
  return addAnnotation(doc, { storyId, start, end: start + words.length, tag: 'friction' }, alice);
}

describe('evidence', () => {
  it('counts linked highlights and the stories they come from', () => {
    const { doc, card, story, second } = board();
    linkAnnotation(doc, highlight(doc, story, 'Setup took two weeks'), card, alice);
    linkAnnotation(doc, highlight(doc, story, 'two weeks'), card, alice);
    linkAnnotation(doc, highlight(doc, second, 'slow'), card, alice);
    const evidence = evidenceForCard(doc, card);
    expect(evidence.count).toBe(3);
    expect(evidence.storyCount).toBe(2);
    expect(evidence.quotes.map((quote) => quote.text).sort()).toEqual([
      'Setup took two weeks',
      'slow',
      'two weeks',
    ]);
  });

  it('counts a link once however often it is made, and not after unlink', () => {
    const { doc, card, story } = board();
    const id = highlight(doc, story, 'Setup took two weeks');
    linkAnnotation(doc, id, card, alice);
    linkAnnotation(doc, id, card, bob);
    expect(evidenceForCard(doc, card).count).toBe(1);
    unlinkAnnotation(doc, id, card, alice);
    expect(evidenceForCard(doc, card).count).toBe(0);
  });

  it('keeps counts right when two peers link and unlink concurrently', () => {
    const { doc, card, other, story } = board();
    const id = highlight(doc, story, 'pricing confused me');
    const peer = new Y.Doc();
    syncDocs(doc, peer);
    linkAnnotation(doc, id, card, alice);
    linkAnnotation(peer, id, other, bob);
    syncDocs(doc, peer);
    expect([evidenceForCard(doc, card).count, evidenceForCard(doc, other).count]).toEqual([1, 1]);
    unlinkAnnotation(peer, id, card, bob);
    syncDocs(doc, peer);
    expect(evidenceByCard(doc).get(card)).toBeUndefined();
    expect(evidenceByCard(peer).get(other)?.count).toBe(1);
  });

  it('stops counting a highlight whose text was deleted', () => {
    const { doc, card, story } = board();
    linkAnnotation(doc, highlight(doc, story, 'two weeks'), card, alice);
    getStoryBody(doc, story).delete(0, 25);
    expect(evidenceForCard(doc, card).count).toBe(0);
    expect(cardsWithoutEvidence(doc)).toContain(card);
  });

  it('stops counting highlights of a deleted story', () => {
    const { doc, card, story } = board();
    linkAnnotation(doc, highlight(doc, story, 'two weeks'), card, alice);
    deleteStory(doc, story, alice);
    expect(evidenceForCard(doc, card).count).toBe(0);
  });

  it('ignores links to a deleted card', () => {
    const { doc, card, story } = board();
    linkAnnotation(doc, highlight(doc, story, 'two weeks'), card, alice);
    deleteCard(doc, card, alice);
    expect(evidenceByCard(doc).size).toBe(0);
    expect(cardsBackedByStory(doc, story)).toEqual([]);
  });

  it('creates a linked friction card from a highlight in one transaction', () => {
    const { doc, story, friction, stages } = board();
    const id = highlight(doc, story, 'pricing confused me');
    const record = recordTransactions(doc);
    const cardId = createCardFromAnnotation(
      doc,
      id,
      { laneId: friction.id, stageId: stages[3]!.id },
      bob,
    );
    expect(record.origins).toEqual([bob]);
    expect(readBoard(doc).cards.find((c) => c.id === cardId)?.text).toBe('pricing confused me');
    expect(evidenceForCard(doc, cardId).count).toBe(1);
  });

  it('lists cards with no evidence and stories not yet annotated', () => {
    const { doc, card, other, story, second } = board();
    linkAnnotation(doc, highlight(doc, story, 'two weeks'), card, alice);
    expect(cardsWithoutEvidence(doc)).toEqual([other]);
    expect(unannotatedStories(doc)).toEqual([second]);
  });

  it('lists the cards a story backs', () => {
    const { doc, card, other, story } = board();
    linkAnnotation(doc, highlight(doc, story, 'two weeks'), card, alice);
    linkAnnotation(doc, highlight(doc, story, 'pricing'), other, alice);
    expect(cardsBackedByStory(doc, story)).toEqual([card, other].sort());
  });

  it('notifies once per transaction that touches evidence', () => {
    const { doc, card, story } = board();
    let calls = 0;
    const stop = observeEvidence(doc, () => calls++);
    linkAnnotation(doc, highlight(doc, story, 'two weeks'), card, alice);
    stop();
    linkAnnotation(doc, highlight(doc, story, 'pricing'), card, alice);
    expect(calls).toBe(2);
  });

  it('ignores card text and fields but not cards moving or going away', () => {
    const { doc, card } = board();
    const { lanes, stages } = readBoard(doc);
    let calls = 0;
    const stop = observeEvidence(doc, () => calls++);
    getCardText(doc, card).insert(0, 'typing ');
    setCardFields(doc, card, { severity: 'high' }, alice);
    expect(calls).toBe(0);
    moveCard(doc, card, { laneId: lanes[0]!.id, stageId: stages.at(-1)!.id }, alice);
    expect(calls).toBe(1);
    deleteCard(doc, card, alice);
    expect(calls).toBe(2);
    stop();
  });
});
