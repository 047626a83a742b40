import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, getCardText } from './cards.ts';
import { addLane } from './lanes.ts';
import { setTitle } from './meta.ts';
import { observeBoard, type BoardChange } from './observe.ts';
import { addStage, deleteStage } from './stages.ts';
import { alice } from './testing.ts';
import type { Board } from './types.ts';

const stops: (() => void)[] = [];

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function watch(doc: Y.Doc) {
  const calls: { board: Board; change: BoardChange }[] = [];
  stops.push(observeBoard(doc, (board, change) => calls.push({ board, change })));
  return calls;
}

describe('observeBoard', () => {
  it('fires once per transaction, even one touching several maps', () => {
    const doc = new Y.Doc();
    const stage = addStage(doc, { name: 'S' }, alice);
    const lane = addLane(doc, { name: 'L', kind: 'actions' }, alice);
    addCard(doc, { laneId: lane, stageId: stage }, alice);
    const calls = watch(doc);
    deleteStage(doc, stage, alice);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.board.stages).toEqual([]);
    expect(calls[0]?.board.cards).toEqual([]);
  });

  it('passes the origin and whether the change was local', () => {
    const doc = new Y.Doc();
    const calls = watch(doc);
    setTitle(doc, 'T', alice);
    expect(calls[0]?.change).toEqual({ origin: alice, local: true });
  });

  it('fires for nested changes such as card text', () => {
    const doc = new Y.Doc();
    const stage = addStage(doc, { name: 'S' }, alice);
    const lane = addLane(doc, { name: 'L', kind: 'actions' }, alice);
    const card = addCard(doc, { laneId: lane, stageId: stage }, alice);
    const calls = watch(doc);
    getCardText(doc, card).insert(0, 'hi');
    expect(calls.map((call) => call.board.cards[0]?.text)).toEqual(['hi']);
  });

  it('fires for remote updates as not local', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const calls = watch(b);
    setTitle(a, 'Remote', alice);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a), 'provider');
    expect(calls.map((call) => [call.board.title, call.change])).toEqual([
      ['Remote', { origin: 'provider', local: false }],
    ]);
  });

  it('ignores transactions that do not touch the board', () => {
    const doc = new Y.Doc();
    const calls = watch(doc);
    doc.transact(() => doc.getMap('canvas').set('shape', 1));
    expect(calls).toEqual([]);
  });

  it('stops after unsubscribing', () => {
    const doc = new Y.Doc();
    const calls: Board[] = [];
    const stop = observeBoard(doc, (board) => calls.push(board));
    stop();
    setTitle(doc, 'T', alice);
    expect(calls).toEqual([]);
  });
});
