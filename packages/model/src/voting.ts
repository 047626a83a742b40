import type * as Y from 'yjs';
import { z } from 'zod';
import type { Actor } from './types.ts';
import { write } from './validate.ts';

/**
 * What the server publishes about voting sessions and facilitation. Ballots never come
 * here: while a session is open its entry carries the settings only; at reveal the
 * server adds the tallies (and, for open sessions, who voted what).
 *
 *   votes         sessionId -> VoteEntry (a plain value, replaced whole by the server)
 *   facilitation  'timer' -> SharedTimer, 'lock' -> BoardLock
 *
 * Both roots belong to the server: the sync server's write policy refuses any client
 * update that touches them (see SERVER_ROOTS), so a tally or a lock in the document can
 * be trusted by every reader.
 */
export const VOTES_ROOT = 'votes';
export const FACILITATION_ROOT = 'facilitation';
export const SERVER_ROOTS: readonly string[] = [VOTES_ROOT, FACILITATION_ROOT];

/**
 * The fewest voters a secret session's totals are published for, unless the session
 * asks for more (`minVoters`, chosen when it opens). With one voter the totals are that
 * person's ballot; with two, each voter reads the other's by subtracting their own.
 * Below it, a session closes without results.
 */
export const MIN_SECRET_VOTERS = 3;
/** The range a facilitator chooses `minVoters` in (the server's storage enforces it too). */
export const SECRET_VOTERS_CHOICE = { min: 2, max: 50 } as const;

const countMap = z.record(z.string(), z.number().int().nonnegative());

const departmentGroup = z.object({
  /** A department name, or null for the pooled smaller groups and members without one. */
  department: z.string().nullable(),
  voters: z.number().int().nonnegative(),
  tallies: countMap,
});

const voteResults = z.object({
  tallies: countMap,
  voterCount: z.number().int().nonnegative(),
  /** Open sessions only: who gave how many votes to each card. */
  voters: z
    .record(
      z.string(),
      z.array(z.object({ userId: z.string(), name: z.string(), count: z.number().int() })),
    )
    .nullable(),
  departments: z.array(departmentGroup),
});

const voteEntry = z.object({
  id: z.string(),
  title: z.string(),
  createdBy: z.string(),
  createdAt: z.number(),
  mode: z.enum(['live', 'async']),
  privacy: z.enum(['secret', 'open']),
  budget: z.number().int(),
  maxPerCard: z.number().int(),
  cardIds: z.array(z.string()),
  endsAt: z.number().nullable(),
  /** Entries published before sessions chose their minimum had the fixed one. */
  minVoters: z.number().int().default(MIN_SECRET_VOTERS),
  status: z.enum(['open', 'revealed']),
  revealedAt: z.number().nullable(),
  /** How many members have a vote in the session, kept current on each ballot. */
  voterCount: z.number().int().nonnegative().optional(),
  results: voteResults.nullable(),
});

const sharedTimer = z.object({
  endsAt: z.number(),
  durationMs: z.number(),
  startedBy: z.string(),
  label: z.string(),
});

const boardLock = z.object({
  lockedBy: z.string(),
  lockedByName: z.string(),
  lockedAt: z.number(),
});

export type DepartmentGroup = z.infer<typeof departmentGroup>;
export type VoteResults = z.infer<typeof voteResults>;
export type VoteEntry = z.infer<typeof voteEntry>;
export type SharedTimer = z.infer<typeof sharedTimer>;
export type BoardLock = z.infer<typeof boardLock>;

function votesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(VOTES_ROOT);
}

function facilitationMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(FACILITATION_ROOT);
}

/** Publishes (or replaces) a session's entry; the server is the only writer. */
export function writeVoteEntry(doc: Y.Doc, entry: VoteEntry, actor: Actor): void {
  const checked = voteEntry.parse(entry);
  write(doc, actor, () => votesMap(doc).set(checked.id, checked));
}

/** Every published session, newest first; malformed entries are skipped. */
export function readVoteEntries(doc: Y.Doc): VoteEntry[] {
  const entries: VoteEntry[] = [];
  for (const value of votesMap(doc).values()) {
    const parsed = voteEntry.safeParse(value);
    if (parsed.success) entries.push(parsed.data);
  }
  return entries.sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id));
}

export function setSharedTimer(doc: Y.Doc, timer: SharedTimer | null, actor: Actor): void {
  const checked = timer === null ? null : sharedTimer.parse(timer);
  write(doc, actor, () => {
    if (checked) facilitationMap(doc).set('timer', checked);
    else facilitationMap(doc).delete('timer');
  });
}

export function setBoardLock(doc: Y.Doc, lock: BoardLock | null, actor: Actor): void {
  const checked = lock === null ? null : boardLock.parse(lock);
  write(doc, actor, () => {
    if (checked) facilitationMap(doc).set('lock', checked);
    else facilitationMap(doc).delete('lock');
  });
}

export function readSharedTimer(doc: Y.Doc): SharedTimer | null {
  const parsed = sharedTimer.safeParse(facilitationMap(doc).get('timer'));
  return parsed.success ? parsed.data : null;
}

export function readBoardLock(doc: Y.Doc): BoardLock | null {
  const parsed = boardLock.safeParse(facilitationMap(doc).get('lock'));
  return parsed.success ? parsed.data : null;
}

/**
 * Why this member may not change the board now, or null: while a facilitator has locked
 * it for a presentation, only owners and the facilitator who locked it write. Every path
 * that writes the board (the sync server, renames) asks this one rule.
 */
export function lockedOutReason(
  doc: Y.Doc,
  member: { readonly role: string; readonly userId: string },
): string | null {
  const lock = readBoardLock(doc);
  if (!lock || member.role === 'owner' || member.userId === lock.lockedBy) return null;
  return `the board is locked by ${lock.lockedByName} for a presentation; changes are paused until it is unlocked`;
}

/** Calls `onChange` whenever the published sessions, the timer or the lock change. */
export function observeVoting(doc: Y.Doc, onChange: () => void): () => void {
  const votes = votesMap(doc);
  const facilitation = facilitationMap(doc);
  votes.observe(onChange);
  facilitation.observe(onChange);
  return () => {
    votes.unobserve(onChange);
    facilitation.unobserve(onChange);
  };
}

/**
 * Ranks a session's cards by votes, most first; ties keep the session's card order so
 * every client shows the same ranking.
 */
export function rankCards(entry: VoteEntry): { cardId: string; votes: number; rank: number }[] {
  const tallies = entry.results?.tallies ?? {};
  const ranked = entry.cardIds
    .map((cardId, index) => ({ cardId, votes: tallies[cardId] ?? 0, index }))
    .sort((a, b) => b.votes - a.votes || a.index - b.index);
  let rank = 0;
  let previous = Number.NaN;
  return ranked.map((row, position) => {
    if (row.votes !== previous) rank = position + 1;
    previous = row.votes;
    return { cardId: row.cardId, votes: row.votes, rank };
  });
}
