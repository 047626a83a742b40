import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, moveCard } from './cards.ts';
import { addLane } from './lanes.ts';
import { cardsInCell, readBoard } from './read.ts';
import { repairBoard } from './repair.ts';
import { addStage } from './stages.ts';
import { alice, bob, seededDoc, syncDocs } from './testing.ts';

// Jitter off: two peers inserting at the same spot then compute the very same key.
function collidingPair() {
  const a = seededDoc(1, 1, 0);
  const b = seededDoc(2, 2, 0);
  const stage = addStage(a, { name: 'S' }, alice);
  const lane = addLane(a, { name: 'L', kind: 'actions' }, alice);
  addCard(a, { laneId: lane, stageId: stage, text: 'first' }, alice);
  syncDocs(a, b);
  addCard(a, { laneId: lane, stageId: stage, text: 'from a' }, alice);
  addCard(b, { laneId: lane, stageId: stage, text: 'from b' }, bob);
  syncDocs(a, b);
  return { a, b, stage, lane };
}

function orders(doc: Y.Doc, lane: string, stage: string): string[] {
  return cardsInCell(readBoard(doc), lane, stage).map((card) => card.order);
}

describe('order-key collisions', () => {
  it('happen without jitter, and both peers still agree on the order', () => {
    const { a, b, stage, lane } = collidingPair();
    const keys = orders(a, lane, stage);
    expect(new Set(keys).size).toBe(2);
    expect(readBoard(b)).toEqual(readBoard(a));
  });

  it('are repaired by the next write into the same cell', () => {
    const { a, stage, lane } = collidingPair();
    const [first, twinA, twinB] = cardsInCell(readBoard(a), lane, stage).map((card) => card.id);
    // Moving between the two equal keys is impossible without re-keying one of them.
    moveCard(a, first ?? '', { index: 1 }, alice);
    expect(new Set(orders(a, lane, stage)).size).toBe(3);
    expect(cardsInCell(readBoard(a), lane, stage).map((card) => card.id)).toEqual([
      twinA,
      first,
      twinB,
    ]);
  });

  it('are repaired by repairBoard without changing the visible order', () => {
    const { a, b, stage, lane } = collidingPair();
    const before = cardsInCell(readBoard(a), lane, stage).map((card) => card.id);
    expect(repairBoard(a, alice)).toEqual({ orphanCards: 0, orderKeys: 1, staleEntries: 0 });
    syncDocs(a, b);
    expect(new Set(orders(b, lane, stage)).size).toBe(3);
    expect(cardsInCell(readBoard(b), lane, stage).map((card) => card.id)).toEqual(before);
  });

  it('makes repairBoard a no-op on a healthy board', () => {
    const doc = new Y.Doc();
    addStage(doc, { name: 'S' }, alice);
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    expect(repairBoard(doc, alice)).toEqual({ orphanCards: 0, orderKeys: 0, staleEntries: 0 });
    expect(updates).toEqual([]);
  });

  it('lets a write succeed next to a malformed key another peer wrote', () => {
    const doc = new Y.Doc();
    addStage(doc, { name: 'A' }, alice);
    const bad = addStage(doc, { name: 'B' }, alice);
    doc.getMap<Y.Map<unknown>>('stages').get(bad)?.set('order', 'not a key!');
    addStage(doc, { name: 'C', index: 1 }, alice);
    const board = readBoard(doc);
    expect(new Set(board.stages.map((stage) => stage.order)).size).toBe(3);
    expect(board.stages.map((stage) => stage.name)).toEqual(['A', 'C', 'B']);
  });
});
