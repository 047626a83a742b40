import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, deleteCard, getCardText, moveCard, setCardFields } from './cards.ts';
import { addLane } from './lanes.ts';
import { setTitle } from './meta.ts';
import { readBoard } from './read.ts';
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
    expect(calls[0]?.change).toEqual({ origin: alice, local: true, cardIds: null });
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
      ['Remote', { origin: 'provider', local: false, cardIds: null }],
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

  describe('re-reads only the cards a transaction touched', () => {
    function boardWithCards(count: number) {
      const doc = new Y.Doc();
      const stages = [addStage(doc, { name: 'S1' }, alice), addStage(doc, { name: 'S2' }, alice)];
      const lane = addLane(doc, { name: 'L', kind: 'friction' }, alice);
      const cards = Array.from({ length: count }, (_, i) =>
        addCard(doc, { laneId: lane, stageId: stages[i % 2]!, text: `card ${i}` }, alice),
      );
      return { doc, stages, lane, cards };
    }

    it('names the touched cards and keeps every other card object', () => {
      const { doc, cards } = boardWithCards(6);
      const calls = watch(doc);
      setTitle(doc, 'Warm up', alice); // the first change reads everything
      const before = calls.at(-1)!.board;
      getCardText(doc, cards[2]!).insert(0, '!');
      const { board, change } = calls.at(-1)!;
      expect(change.cardIds).toEqual(new Set([cards[2]]));
      expect(board).toEqual(readBoard(doc));
      for (const card of board.cards) {
        const old = before.cards.find((other) => other.id === card.id);
        if (card.id === cards[2]) expect(card).not.toBe(old);
        else expect(card).toBe(old);
      }
      expect(board.stages).toBe(before.stages);
      expect(board.lanes).toBe(before.lanes);
    });

    it('matches a full read after adds, moves, field edits, deletes and remote updates', () => {
      const { doc, stages, lane, cards } = boardWithCards(8);
      const calls = watch(doc);
      setTitle(doc, 'Warm up', alice);
      const steps = [
        () => addCard(doc, { laneId: lane, stageId: stages[1]!, text: 'new' }, alice),
        () => moveCard(doc, cards[0]!, { laneId: lane, stageId: stages[1]!, index: 0 }, alice),
        () => setCardFields(doc, cards[3]!, { severity: 'high' }, alice),
        () => deleteCard(doc, cards[5]!, alice),
        () => {
          const other = new Y.Doc();
          Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
          getCardText(other, cards[1]!).insert(0, 'remote ');
          deleteCard(other, cards[6]!, alice);
          Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)), 'provider');
        },
      ];
      for (const step of steps) {
        step();
        const { board, change } = calls.at(-1)!;
        expect(change.cardIds).not.toBeNull();
        expect(board).toEqual(readBoard(doc));
      }
    });

    it('reads everything again when stages, lanes or personas change', () => {
      const { doc, stages } = boardWithCards(4);
      const calls = watch(doc);
      setTitle(doc, 'Warm up', alice);
      deleteStage(doc, stages[0]!, alice);
      expect(calls.at(-1)!.change.cardIds).toBeNull();
      expect(calls.at(-1)!.board).toEqual(readBoard(doc));
    });
  });
});
