import type * as Y from 'yjs';
import { decisionMaps } from './decisions-schema.ts';
import type { Initiative, Recognition, RankedFriction } from './decisions-types.ts';
import { readIdeas } from './ideas.ts';
import { readInitiatives } from './initiatives.ts';
import { readBoard } from './read.ts';
import { boardMaps, cardsMap, lanesMap, placeOf, stringField } from './schema.ts';
import { SEVERITIES, type Board, type Stage } from './types.ts';
import { VOTES_ROOT, readVoteEntries } from './voting.ts';

/** Stages nobody keeps: the map header flags them. */
export function stagesWithoutKeeper(board: Board): Stage[] {
  return board.stages.filter((stage) => stage.keeperId === null);
}

/**
 * Votes per card from the newest revealed voting session that included it (the server
 * writes tallies at reveal); cards never in a revealed session have none.
 */
export function cardVotes(doc: Y.Doc): Map<string, number> {
  const votes = new Map<string, number>();
  // Newest first: the first session seen for a card wins.
  for (const entry of readVoteEntries(doc)) {
    if (entry.status !== 'revealed' || !entry.results) continue;
    for (const cardId of entry.cardIds) {
      if (!votes.has(cardId)) votes.set(cardId, entry.results.tallies[cardId] ?? 0);
    }
  }
  return votes;
}

const severityRank = (severity: string | null) =>
  severity === null ? -1 : (SEVERITIES as readonly string[]).indexOf(severity);

/**
 * Friction cards in priority order: most votes first, then the most severe, then board
 * order. Each says who raised it and which initiatives already take it on.
 */
export function rankFriction(doc: Y.Doc, board: Board = readBoard(doc)): RankedFriction[] {
  const votes = cardVotes(doc);
  const friction = new Set(board.lanes.filter((l) => l.kind === 'friction').map((l) => l.id));
  const stageIndex = new Map(board.stages.map((stage, index) => [stage.id, index]));
  const byCard = new Map<string, string[]>();
  for (const initiative of readInitiatives(doc)) {
    for (const cardId of initiative.cardIds) {
      byCard.set(cardId, [...(byCard.get(cardId) ?? []), initiative.id]);
    }
  }
  return board.cards
    .filter((card) => friction.has(card.laneId))
    .map((card, index) => ({
      ranked: {
        cardId: card.id,
        stageId: card.stageId,
        text: card.text,
        raisedBy: card.author,
        votes: votes.get(card.id) ?? 0,
        severity: card.severity,
        initiativeIds: byCard.get(card.id) ?? [],
      },
      position: (stageIndex.get(card.stageId) ?? 0) * 1e6 + index,
    }))
    .sort(
      (a, b) =>
        b.ranked.votes - a.ranked.votes ||
        severityRank(b.ranked.severity) - severityRank(a.ranked.severity) ||
        a.position - b.position,
    )
    .map(({ ranked }) => ranked);
}

/**
 * Who raised what, and what came of it: friction cards raised, ideas accepted onto the
 * map, initiatives from their cards and how many are done. Most initiatives first.
 */
export function recognition(
  doc: Y.Doc,
  board: Board = readBoard(doc),
  initiatives: readonly Initiative[] = readInitiatives(doc),
): Recognition[] {
  const people = new Map<string, { f: number; i: number; n: number; d: number }>();
  const of = (userId: string) => {
    let entry = people.get(userId);
    if (!entry) {
      entry = { f: 0, i: 0, n: 0, d: 0 };
      people.set(userId, entry);
    }
    return entry;
  };
  const friction = new Set(board.lanes.filter((l) => l.kind === 'friction').map((l) => l.id));
  for (const card of board.cards) {
    if (friction.has(card.laneId) && card.author) of(card.author).f++;
  }
  for (const idea of readIdeas(doc)) {
    if (idea.triage?.outcome === 'accepted' && idea.author) of(idea.author).i++;
  }
  for (const initiative of initiatives) {
    for (const userId of initiative.raisedBy) {
      const entry = of(userId);
      entry.n++;
      if (initiative.status === 'done') entry.d++;
    }
  }
  return [...people.entries()]
    .map(([userId, e]) => ({
      userId,
      frictionRaised: e.f,
      ideasAccepted: e.i,
      initiatives: e.n,
      initiativesDone: e.d,
    }))
    .sort(
      (a, b) =>
        b.initiatives - a.initiatives ||
        b.frictionRaised + b.ideasAccepted - (a.frictionRaised + a.ideasAccepted) ||
        (a.userId < b.userId ? -1 : 1),
    );
}

/**
 * Calls `listener` once after every transaction that changed decisions, the board they
 * refer to, or the published vote tallies. Returns the unsubscribe function.
 */
export function observeDecisions(doc: Y.Doc, listener: () => void): () => void {
  let dirty: Y.Transaction | null = null;
  const markDirty = (_events: unknown, transaction: Y.Transaction) => {
    dirty = transaction;
  };
  // Decisions read friction cards whole but other cards only for where they are: typing
  // in any other card (every keystroke, everyone's) must not re-rank the board.
  const cards = cardsMap(doc);
  const lanes = lanesMap(doc);
  const inFriction = (cardId: unknown) => {
    const card = typeof cardId === 'string' ? cards.get(cardId) : undefined;
    const place = card ? placeOf(card) : null;
    const lane = place ? lanes.get(place.laneId) : undefined;
    return lane !== undefined && stringField(lane, 'kind') === 'friction';
  };
  const markCardsDirty = (
    events: Y.YEvent<Y.AbstractType<unknown>>[],
    transaction: Y.Transaction,
  ) => {
    const matters = events.some(
      (event) =>
        event.target === cards ||
        (event.path.length === 1 && event.changes.keys.has('place')) ||
        inFriction(event.path[0]),
    );
    if (matters) dirty = transaction;
  };
  const flush = (transaction: Y.Transaction) => {
    if (dirty !== transaction) return;
    dirty = null;
    listener();
  };
  const maps = [
    ...decisionMaps(doc),
    ...boardMaps(doc).filter((map) => map !== cards),
    doc.getMap(VOTES_ROOT),
  ];
  for (const map of maps) map.observeDeep(markDirty);
  cards.observeDeep(markCardsDirty);
  doc.on('afterTransaction', flush);
  return () => {
    for (const map of maps) map.unobserveDeep(markDirty);
    cards.unobserveDeep(markCardsDirty);
    doc.off('afterTransaction', flush);
  };
}
