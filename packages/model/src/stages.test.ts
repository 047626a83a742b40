import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard } from './cards.ts';
import { setEmotionScore } from './emotion.ts';
import { addLane } from './lanes.ts';
import { cardsInCell, readBoard } from './read.ts';
import { repairBoard } from './repair.ts';
import { addStage, deleteStage, moveStage, renameStage, setStageKeeper } from './stages.ts';
import { alice, anyString, bob, recordTransactions, syncDocs } from './testing.ts';

function names(doc: Y.Doc): string[] {
  return readBoard(doc).stages.map((stage) => stage.name);
}

describe('stages', () => {
  it('appends a stage by default and returns its id', () => {
    const doc = new Y.Doc();
    const first = addStage(doc, { name: 'Awareness' }, alice);
    addStage(doc, { name: 'Loyalty' }, alice);
    expect(names(doc)).toEqual(['Awareness', 'Loyalty']);
    expect(readBoard(doc).stages[0]).toEqual({
      id: first,
      name: 'Awareness',
      order: anyString,
      keeperId: null,
    });
  });

  it('gives stages random url-safe ids', () => {
    const doc = new Y.Doc();
    const id = addStage(doc, { name: 'A' }, alice);
    expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it('inserts a stage at an index', () => {
    const doc = new Y.Doc();
    addStage(doc, { name: 'A' }, alice);
    addStage(doc, { name: 'C' }, alice);
    addStage(doc, { name: 'B', index: 1 }, alice);
    addStage(doc, { name: 'Start', index: 0 }, alice);
    expect(names(doc)).toEqual(['Start', 'A', 'B', 'C']);
  });

  it('writes in exactly one transaction with the actor as origin', () => {
    const doc = new Y.Doc();
    const record = recordTransactions(doc);
    addStage(doc, { name: 'A' }, alice);
    expect(record.origins).toEqual([alice]);
  });

  it('renames a stage', () => {
    const doc = new Y.Doc();
    const id = addStage(doc, { name: 'A' }, alice);
    renameStage(doc, id, 'Awareness', alice);
    expect(names(doc)).toEqual(['Awareness']);
  });

  it('moves a stage to an index among the others', () => {
    const doc = new Y.Doc();
    const a = addStage(doc, { name: 'A' }, alice);
    addStage(doc, { name: 'B' }, alice);
    addStage(doc, { name: 'C' }, alice);
    moveStage(doc, a, 2, alice);
    expect(names(doc)).toEqual(['B', 'C', 'A']);
    moveStage(doc, a, 0, alice);
    expect(names(doc)).toEqual(['A', 'B', 'C']);
  });

  it('sets and clears the keeper', () => {
    const doc = new Y.Doc();
    const id = addStage(doc, { name: 'A' }, alice);
    setStageKeeper(doc, id, 'user-7', alice);
    expect(readBoard(doc).stages[0]?.keeperId).toBe('user-7');
    setStageKeeper(doc, id, null, alice);
    expect(readBoard(doc).stages[0]?.keeperId).toBeNull();
  });

  it('refuses an unknown stage', () => {
    const doc = new Y.Doc();
    expect(() => renameStage(doc, 'nope', 'A', alice)).toThrow(
      expect.objectContaining({ code: 'unknown-stage' }),
    );
  });

  it('refuses an empty or overlong name', () => {
    const doc = new Y.Doc();
    expect(() => addStage(doc, { name: ' ' }, alice)).toThrow(
      expect.objectContaining({ code: 'invalid-text' }),
    );
    expect(() => addStage(doc, { name: 'x'.repeat(101) }, alice)).toThrow(
      expect.objectContaining({ code: 'invalid-text' }),
    );
  });

  it('refuses a negative or fractional index', () => {
    const doc = new Y.Doc();
    expect(() => addStage(doc, { name: 'A', index: -1 }, alice)).toThrow(
      expect.objectContaining({ code: 'invalid-position' }),
    );
    expect(() => addStage(doc, { name: 'A', index: 0.5 }, alice)).toThrow(
      expect.objectContaining({ code: 'invalid-position' }),
    );
  });

  it('deletes a stage with its cards and emotion scores in one transaction', () => {
    const doc = new Y.Doc();
    const stage = addStage(doc, { name: 'A' }, alice);
    const kept = addStage(doc, { name: 'B' }, alice);
    const lane = addLane(doc, { name: 'Actions', kind: 'actions' }, alice);
    const curve = addLane(doc, { name: 'Curve', kind: 'emotion' }, alice);
    addCard(doc, { laneId: lane, stageId: stage, text: 'gone' }, alice);
    addCard(doc, { laneId: lane, stageId: kept, text: 'stays' }, alice);
    setEmotionScore(doc, { laneId: curve, stageId: stage, score: 2 }, alice);
    const record = recordTransactions(doc);
    deleteStage(doc, stage, bob);
    expect(record.origins).toEqual([bob]);
    const board = readBoard(doc);
    expect(board.stages.map((s) => s.id)).toEqual([kept]);
    expect(board.cards.map((card) => card.text)).toEqual(['stays']);
    expect(doc.getMap('cards').size).toBe(1);
    expect(board.lanes.find((l) => l.id === curve)?.scores).toEqual({});
  });

  it('hides a card added concurrently to a stage another peer deleted', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const stage = addStage(a, { name: 'A' }, alice);
    const lane = addLane(a, { name: 'Actions', kind: 'actions' }, alice);
    syncDocs(a, b);
    deleteStage(a, stage, alice);
    addCard(b, { laneId: lane, stageId: stage, text: 'late' }, bob);
    syncDocs(a, b);
    for (const doc of [a, b]) {
      expect(readBoard(doc).cards).toEqual([]);
      expect(cardsInCell(readBoard(doc), lane, stage)).toEqual([]);
    }
    expect(repairBoard(b, bob).orphanCards).toBe(1);
    syncDocs(a, b);
    expect(a.getMap('cards').size).toBe(0);
  });

  it('refuses a fixed id that is not url-safe or already used', () => {
    const doc = new Y.Doc();
    addStage(doc, { id: 'intro', name: 'A' }, alice);
    expect(() => addStage(doc, { id: 'intro', name: 'B' }, alice)).toThrow(
      expect.objectContaining({ code: 'duplicate-id' }),
    );
    expect(() => addStage(doc, { id: 'a/b', name: 'B' }, alice)).toThrow(
      expect.objectContaining({ code: 'invalid-id' }),
    );
  });
});
