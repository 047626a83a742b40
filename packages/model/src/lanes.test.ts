import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard } from './cards.ts';
import { addLane, deleteLane, moveLane, renameLane } from './lanes.ts';
import { readBoard } from './read.ts';
import { addStage } from './stages.ts';
import { alice, anyString, bob, recordTransactions, syncDocs } from './testing.ts';
import type { LaneKind } from './types.ts';

function names(doc: Y.Doc): string[] {
  return readBoard(doc).lanes.map((lane) => lane.name);
}

describe('lanes', () => {
  it('appends a lane with its kind and returns its id', () => {
    const doc = new Y.Doc();
    const id = addLane(doc, { name: 'Friction', kind: 'friction' }, alice);
    expect(readBoard(doc).lanes).toEqual([
      { id, name: 'Friction', kind: 'friction', order: anyString, scores: {} },
    ]);
  });

  it('inserts a lane at an index', () => {
    const doc = new Y.Doc();
    addLane(doc, { name: 'A', kind: 'actions' }, alice);
    addLane(doc, { name: 'C', kind: 'actions' }, alice);
    addLane(doc, { name: 'B', kind: 'actions', index: 1 }, alice);
    expect(names(doc)).toEqual(['A', 'B', 'C']);
  });

  it('writes in exactly one transaction with the actor as origin', () => {
    const doc = new Y.Doc();
    const record = recordTransactions(doc);
    addLane(doc, { name: 'A', kind: 'emotion' }, bob);
    expect(record.origins).toEqual([bob]);
  });

  it('refuses an unknown kind', () => {
    const doc = new Y.Doc();
    expect(() => addLane(doc, { name: 'A', kind: 'mood' as LaneKind }, alice)).toThrow(
      expect.objectContaining({ code: 'invalid-kind' }),
    );
  });

  it('renames a lane', () => {
    const doc = new Y.Doc();
    const id = addLane(doc, { name: 'A', kind: 'actions' }, alice);
    renameLane(doc, id, 'Customer actions', alice);
    expect(names(doc)).toEqual(['Customer actions']);
  });

  it('moves a lane to an index among the others', () => {
    const doc = new Y.Doc();
    addLane(doc, { name: 'A', kind: 'actions' }, alice);
    addLane(doc, { name: 'B', kind: 'actions' }, alice);
    const c = addLane(doc, { name: 'C', kind: 'actions' }, alice);
    moveLane(doc, c, 0, alice);
    expect(names(doc)).toEqual(['C', 'A', 'B']);
  });

  it('refuses an unknown lane', () => {
    const doc = new Y.Doc();
    expect(() => moveLane(doc, 'nope', 0, alice)).toThrow(
      expect.objectContaining({ code: 'unknown-lane' }),
    );
  });

  it('deletes a lane with its cards', () => {
    const doc = new Y.Doc();
    const stage = addStage(doc, { name: 'S' }, alice);
    const gone = addLane(doc, { name: 'A', kind: 'actions' }, alice);
    const kept = addLane(doc, { name: 'B', kind: 'actions' }, alice);
    addCard(doc, { laneId: gone, stageId: stage }, alice);
    addCard(doc, { laneId: kept, stageId: stage, text: 'stays' }, alice);
    deleteLane(doc, gone, alice);
    expect(names(doc)).toEqual(['B']);
    expect(readBoard(doc).cards.map((card) => card.text)).toEqual(['stays']);
    expect(doc.getMap('cards').size).toBe(1);
  });

  it('hides a card moved concurrently into a lane another peer deleted', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const stage = addStage(a, { name: 'S' }, alice);
    const from = addLane(a, { name: 'From', kind: 'actions' }, alice);
    const to = addLane(a, { name: 'To', kind: 'actions' }, alice);
    const card = addCard(a, { laneId: from, stageId: stage }, alice);
    syncDocs(a, b);
    deleteLane(a, to, alice);
    // b moves the card into the lane a has just deleted.
    b.transact(() => {
      b.getMap<Y.Map<unknown>>('cards')
        .get(card)
        ?.set('place', { laneId: to, stageId: stage, order: 'a0' });
    }, bob);
    syncDocs(a, b);
    expect(readBoard(a).cards).toEqual([]);
    expect(readBoard(b)).toEqual(readBoard(a));
  });
});
