import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readBoard } from './read.ts';
import { repairBoard } from './repair.ts';
import { cardsMap, lanesMap, placeOf, stagesMap } from './schema.ts';
import { allDuplicateKeys, deliverAll, pick, simulate, type Run } from './simulation.ts';
import type { Board } from './types.ts';

function expectConverged(run: Run): Board {
  const [first, ...rest] = run.peers;
  if (!first) throw new Error('no peers');
  const board = readBoard(first.doc);
  for (const peer of rest) {
    expect(readBoard(peer.doc)).toEqual(board);
    expect(Y.encodeStateVector(peer.doc)).toEqual(Y.encodeStateVector(first.doc));
  }
  return board;
}

function expectInvariants(board: Board, run: Run): void {
  const stages = new Set(board.stages.map((stage) => stage.id));
  const lanes = new Set(board.lanes.map((lane) => lane.id));
  for (const card of board.cards) {
    expect(stages.has(card.stageId) && lanes.has(card.laneId)).toBe(true);
    expect(run.deleted.has(card.stageId) || run.deleted.has(card.laneId)).toBe(false);
  }
  for (const id of run.deleted) expect(stages.has(id) || lanes.has(id)).toBe(false);
  for (const lane of board.lanes) {
    for (const stageId of Object.keys(lane.scores)) expect(stages.has(stageId)).toBe(true);
  }
}

/** After repairBoard, no card in the raw doc lacks a live lane and stage. */
function expectNoOrphansInDoc(doc: Y.Doc): void {
  cardsMap(doc).forEach((card) => {
    const place = placeOf(card);
    expect(place && lanesMap(doc).has(place.laneId) && stagesMap(doc).has(place.stageId)).toBe(
      true,
    );
  });
}

function withSeed(seed: number, body: () => void): void {
  try {
    body();
  } catch (error) {
    console.error(`model convergence failed with seed ${seed}; rerun with MODEL_SEED=${seed}`);
    throw error;
  }
}

const fixedSeeds = [1, 2, 3, 42];
const envSeed = Number(process.env['MODEL_SEED']);
const seeds = Number.isInteger(envSeed) ? [envSeed] : [...fixedSeeds, Date.now() % 1_000_000];

describe('random concurrent editing', () => {
  it.each(seeds)('converges with unique order keys (seed %i)', (seed) => {
    withSeed(seed, () => {
      const { run } = simulate(seed, { peers: 4, rounds: 40 });
      const board = expectConverged(run);
      expect(board.cards.length + board.stages.length).toBeGreaterThan(0);
      expectInvariants(board, run);
      expect(allDuplicateKeys(board)).toEqual([]);
    });
  });

  it.each(seeds)('converges and repairs colliding keys with jitter off (seed %i)', (seed) => {
    withSeed(seed, () => {
      const { rng, run } = simulate(seed, { peers: 5, rounds: 30, jitterDigits: 0 });
      expectInvariants(expectConverged(run), run);
      const repairer = pick(rng, run.peers) ?? run.peers[0];
      if (!repairer) throw new Error('no peers');
      repairBoard(repairer.doc, repairer.actor);
      deliverAll(rng, run);
      const board = expectConverged(run);
      expectInvariants(board, run);
      expect(allDuplicateKeys(board)).toEqual([]);
      for (const peer of run.peers) expectNoOrphansInDoc(peer.doc);
    });
  });

  // Guards the test itself: a change to the operation mix must not quietly stop the
  // runs from producing the situations the invariants are about.
  it('does produce orphan cards and colliding keys to repair (seed 2, jitter off)', () => {
    const { run } = simulate(2, { peers: 5, rounds: 30, jitterDigits: 0 });
    const peer = run.peers[0];
    if (!peer) throw new Error('no peers');
    expect(allDuplicateKeys(readBoard(peer.doc)).length).toBeGreaterThan(0);
    expect(repairBoard(peer.doc, peer.actor).orphanCards).toBeGreaterThan(0);
  });
});
