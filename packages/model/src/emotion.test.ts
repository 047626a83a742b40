import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { setEmotionScore } from './emotion.ts';
import { addLane } from './lanes.ts';
import { emotionCurve, readBoard } from './read.ts';
import { addStage, deleteStage } from './stages.ts';
import { alice, bob, recordTransactions, syncDocs } from './testing.ts';

function setup(doc: Y.Doc) {
  const s1 = addStage(doc, { name: 'A' }, alice);
  const s2 = addStage(doc, { name: 'B' }, alice);
  const lane = addLane(doc, { name: 'Curve', kind: 'emotion' }, alice);
  return { s1, s2, lane };
}

describe('setEmotionScore', () => {
  it('stores one score per stage on an emotion lane', () => {
    const doc = new Y.Doc();
    const { s1, s2, lane } = setup(doc);
    setEmotionScore(doc, { laneId: lane, stageId: s1, score: -2 }, alice);
    setEmotionScore(doc, { laneId: lane, stageId: s2, score: 3 }, alice);
    expect(readBoard(doc).lanes[0]?.scores).toEqual({ [s1]: -2, [s2]: 3 });
    expect(emotionCurve(readBoard(doc), lane)).toEqual([
      { stageId: s1, score: -2 },
      { stageId: s2, score: 3 },
    ]);
  });

  it('clamps and rounds, and clears with null', () => {
    const doc = new Y.Doc();
    const { s1, lane } = setup(doc);
    setEmotionScore(doc, { laneId: lane, stageId: s1, score: -7 }, alice);
    expect(readBoard(doc).lanes[0]?.scores[s1]).toBe(-3);
    setEmotionScore(doc, { laneId: lane, stageId: s1, score: 0.4 }, alice);
    expect(readBoard(doc).lanes[0]?.scores[s1]).toBe(0);
    setEmotionScore(doc, { laneId: lane, stageId: s1, score: null }, alice);
    expect(emotionCurve(readBoard(doc), lane)[0]?.score).toBeNull();
  });

  it('writes in exactly one transaction with the actor as origin', () => {
    const doc = new Y.Doc();
    const { s1, lane } = setup(doc);
    const record = recordTransactions(doc);
    setEmotionScore(doc, { laneId: lane, stageId: s1, score: 1 }, bob);
    expect(record.origins).toEqual([bob]);
  });

  it('refuses a lane that is not an emotion lane', () => {
    const doc = new Y.Doc();
    const { s1 } = setup(doc);
    const actions = addLane(doc, { name: 'Actions', kind: 'actions' }, alice);
    expect(() => setEmotionScore(doc, { laneId: actions, stageId: s1, score: 1 }, alice)).toThrow(
      expect.objectContaining({ code: 'wrong-lane-kind' }),
    );
  });

  it('refuses a non-finite score and unknown ids', () => {
    const doc = new Y.Doc();
    const { s1, lane } = setup(doc);
    expect(() =>
      setEmotionScore(doc, { laneId: lane, stageId: s1, score: Infinity }, alice),
    ).toThrow(expect.objectContaining({ code: 'invalid-score' }));
    expect(() => setEmotionScore(doc, { laneId: lane, stageId: 'x', score: 1 }, alice)).toThrow(
      expect.objectContaining({ code: 'unknown-stage' }),
    );
    expect(() => setEmotionScore(doc, { laneId: 'x', stageId: s1, score: 1 }, alice)).toThrow(
      expect.objectContaining({ code: 'unknown-lane' }),
    );
  });

  it('merges concurrent scores of different stages', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const { s1, s2, lane } = setup(a);
    syncDocs(a, b);
    setEmotionScore(a, { laneId: lane, stageId: s1, score: 1 }, alice);
    setEmotionScore(b, { laneId: lane, stageId: s2, score: -1 }, bob);
    syncDocs(a, b);
    expect(readBoard(a).lanes[0]?.scores).toEqual({ [s1]: 1, [s2]: -1 });
  });

  it('ignores a score set concurrently with the deletion of its stage', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const { s1, lane } = setup(a);
    syncDocs(a, b);
    deleteStage(a, s1, alice);
    setEmotionScore(b, { laneId: lane, stageId: s1, score: 2 }, bob);
    syncDocs(a, b);
    expect(readBoard(a).lanes[0]?.scores).toEqual({});
  });
});
