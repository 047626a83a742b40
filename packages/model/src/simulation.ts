// Random multi-peer editing for the convergence tests; not exported from the package.
import * as Y from 'yjs';
import {
  addCard,
  deleteCard,
  getCardText,
  moveCard,
  setCardFields,
  tagCardPersona,
} from './cards.ts';
import { CARD_FIELDS_BY_KIND } from './card-fields.ts';
import { setEmotionScore } from './emotion.ts';
import { addLane, deleteLane, moveLane } from './lanes.ts';
import { setTitle } from './meta.ts';
import { addPersona } from './personas.ts';
import { readBoard } from './read.ts';
import { addStage, deleteStage, moveStage, renameStage } from './stages.ts';
import { seededDoc, seededRandom } from './testing.ts';
import { LANE_KINDS, SEVERITIES, type Actor, type Board } from './types.ts';

const REMOTE = Symbol('remote');

interface Peer {
  doc: Y.Doc;
  actor: Actor;
  inbox: Uint8Array[];
}

export interface Run {
  peers: Peer[];
  /** Stages and lanes deleted by any peer; their ids are never reused. */
  deleted: Set<string>;
}

export type Rng = () => number;

export function pick<T>(rng: Rng, items: readonly T[]): T | undefined {
  return items[Math.floor(rng() * items.length)];
}

function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

function createRun(seed: number, peerCount: number, jitterDigits?: number): Run {
  const peers: Peer[] = [];
  for (let i = 0; i < peerCount; i++) {
    const doc = seededDoc(seed * 31 + i, i + 1, jitterDigits);
    peers.push({ doc, actor: { userId: `user-${i}` }, inbox: [] });
  }
  for (const peer of peers) {
    peer.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      for (const other of peers) if (other !== peer) other.inbox.push(update);
    });
  }
  return { peers, deleted: new Set() };
}

/** One random write, chosen from what this peer can see right now. */
function randomOp(rng: Rng, peer: Peer, run: Run): void {
  const { doc, actor } = peer;
  const board = readBoard(doc);
  const stage = pick(rng, board.stages);
  const lane = pick(rng, board.lanes);
  const card = pick(rng, board.cards);
  const index = () => Math.floor(rng() * 4);
  const roll = rng();
  if (roll < 0.07 || !stage) {
    if (board.stages.length < 6) addStage(doc, { name: `S${index()}`, index: index() }, actor);
  } else if (roll < 0.14 || !lane) {
    const kind = pick(rng, LANE_KINDS) ?? 'actions';
    if (board.lanes.length < 6) addLane(doc, { name: kind, kind, index: index() }, actor);
  } else if (roll < 0.19) {
    moveStage(doc, stage.id, index(), actor);
  } else if (roll < 0.24) {
    moveLane(doc, lane.id, index(), actor);
  } else if (roll < 0.27) {
    renameStage(doc, stage.id, `R${index()}`, actor);
  } else if (roll < 0.285) {
    run.deleted.add(stage.id);
    deleteStage(doc, stage.id, actor);
  } else if (roll < 0.3) {
    run.deleted.add(lane.id);
    deleteLane(doc, lane.id, actor);
  } else if (roll < 0.5 || !card) {
    addCard(doc, { laneId: lane.id, stageId: stage.id, text: 'c', index: index() }, actor);
  } else if (roll < 0.66) {
    // Half the moves stay in the cell, half go to a random cell.
    const to = rng() < 0.5 ? {} : { laneId: lane.id, stageId: stage.id };
    moveCard(doc, card.id, { ...to, index: index() }, actor);
  } else if (roll < 0.72) {
    deleteCard(doc, card.id, actor);
  } else if (roll < 0.84) {
    const text = getCardText(doc, card.id);
    doc.transact(() => {
      if (rng() < 0.7 || text.length === 0)
        text.insert(Math.floor(rng() * (text.length + 1)), 'xy');
      else text.delete(Math.floor(rng() * text.length), 1);
    }, actor);
  } else if (roll < 0.9) {
    const emotion = board.lanes.find((candidate) => candidate.kind === 'emotion');
    const score = Math.floor(rng() * 9) - 4;
    if (emotion) setEmotionScore(doc, { laneId: emotion.id, stageId: stage.id, score }, actor);
  } else if (roll < 0.94) {
    const kind = board.lanes.find((candidate) => candidate.id === card.laneId)?.kind ?? 'custom';
    const allowed = CARD_FIELDS_BY_KIND[kind];
    if (allowed.includes('severity'))
      setCardFields(doc, card.id, { severity: pick(rng, SEVERITIES) ?? null }, actor);
    if (allowed.includes('score')) setCardFields(doc, card.id, { score: index() - 2 }, actor);
    if (allowed.includes('icon')) setCardFields(doc, card.id, { icon: `i${index()}` }, actor);
  } else if (roll < 0.97) {
    const persona = pick(rng, board.personas);
    if (persona && board.personas.length > 2) tagCardPersona(doc, card.id, persona.id, actor);
    else addPersona(doc, { name: `P${index()}` }, actor);
  } else {
    setTitle(doc, `Board ${index()}`, actor);
  }
}

/** Delivers a random, shuffled part of each inbox: the rest stays delayed. */
function deliverSome(rng: Rng, run: Run): void {
  for (const peer of shuffle(rng, [...run.peers])) {
    const pending = shuffle(rng, peer.inbox.splice(0));
    const now = Math.floor(rng() * (pending.length + 1));
    for (const update of pending.slice(0, now)) Y.applyUpdate(peer.doc, update, REMOTE);
    peer.inbox.push(...pending.slice(now));
  }
}

export function deliverAll(rng: Rng, run: Run): void {
  for (const peer of run.peers) {
    for (const update of shuffle(rng, peer.inbox.splice(0)))
      Y.applyUpdate(peer.doc, update, REMOTE);
  }
}

export function simulate(
  seed: number,
  options: { peers: number; rounds: number; jitterDigits?: number },
) {
  const rng = seededRandom(seed);
  const run = createRun(seed, options.peers, options.jitterDigits);
  for (let round = 0; round < options.rounds; round++) {
    for (const peer of shuffle(rng, [...run.peers])) {
      const ops = 1 + Math.floor(rng() * 3);
      for (let i = 0; i < ops; i++) randomOp(rng, peer, run);
    }
    deliverSome(rng, run);
  }
  deliverAll(rng, run);
  return { rng, run };
}

function duplicateKeys(items: readonly { order: string }[]): string[] {
  const seen = new Set<string>();
  return items.map((item) => item.order).filter((key) => seen.has(key) || !seen.add(key));
}

export function allDuplicateKeys(board: Board): string[] {
  const cells = new Map<string, { order: string }[]>();
  for (const card of board.cards) {
    const key = `${card.laneId}/${card.stageId}`;
    cells.set(key, [...(cells.get(key) ?? []), card]);
  }
  return [
    ...duplicateKeys(board.stages),
    ...duplicateKeys(board.lanes),
    ...duplicateKeys(board.personas),
    ...[...cells.values()].flatMap(duplicateKeys),
  ];
}
