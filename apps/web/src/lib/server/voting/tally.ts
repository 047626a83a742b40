import type { DepartmentGroup, VoteResults } from '@journeyboard/model';
import type { VoteRow, VoteSession } from '@journeyboard/storage';

/** What tallying reads of a ballot row. */
export type CountedVote = Pick<VoteRow, 'userId' | 'cardId' | 'count'>;

/**
 * The voters a published group of a secret session must hold, besides whoever reads it:
 * a member of the group subtracts their own ballot, so with fewer the rest would be one
 * or two readable ballots (issue 15, item 7).
 */
const MIN_OTHER_VOTERS = 3;

/**
 * The smallest group of a secret session that is published. The tallies are the same for
 * every reader, so a group needs one voter more than MIN_OTHER_VOTERS.
 */
export const MIN_GROUP_VOTERS = MIN_OTHER_VOTERS + 1;

/** Members who gave at least one vote to a card of the session. */
export function countVoters(
  session: Pick<VoteSession, 'cardIds'>,
  votes: readonly CountedVote[],
): number {
  const inSet = new Set(session.cardIds);
  return new Set(votes.filter((row) => inSet.has(row.cardId) && row.count > 0).map((r) => r.userId))
    .size;
}

/** Whether a closed session's totals may be published: secret ones need `minVoters`. */
export function mayPublishTotals(
  session: Pick<VoteSession, 'cardIds' | 'privacy' | 'minVoters'>,
  votes: readonly CountedVote[],
): boolean {
  return session.privacy === 'open' || countVoters(session, votes) >= session.minVoters;
}

export interface Voter {
  name: string;
  department: string | null;
}

/**
 * What is published at reveal. Secret sessions: counts per card, and counts per
 * department group where every group (including the pool of the rest, which readers
 * could otherwise work out by subtraction) stands for at least MIN_GROUP_VOTERS voters.
 * Open sessions add who gave how many votes to each card.
 */
export function computeResults(
  session: Pick<VoteSession, 'cardIds' | 'privacy'>,
  votes: readonly CountedVote[],
  voterOf: (userId: string) => Voter,
): VoteResults {
  const inSet = new Set(session.cardIds);
  const counted = votes.filter((row) => inSet.has(row.cardId) && row.count > 0);
  const users = [...new Set(counted.map((row) => row.userId))];
  const results: VoteResults = {
    tallies: tallyOf(session.cardIds, counted),
    voterCount: users.length,
    voters: null,
    departments: [],
  };
  const byDepartment = new Map<string | null, Set<string>>();
  for (const userId of users) {
    const department = voterOf(userId).department;
    const group = byDepartment.get(department) ?? new Set<string>();
    group.add(userId);
    byDepartment.set(department, group);
  }
  // Without any department there is nothing to break down: one group of everyone would
  // only repeat the totals under a puzzling name.
  const anyDepartment = [...byDepartment.keys()].some((department) => department !== null);
  if (session.privacy === 'open') {
    const voters: Record<string, { userId: string; name: string; count: number }[]> = {};
    for (const row of counted) {
      (voters[row.cardId] ??= []).push({
        userId: row.userId,
        name: voterOf(row.userId).name,
        count: row.count,
      });
    }
    for (const list of Object.values(voters)) list.sort((a, b) => b.count - a.count);
    results.voters = voters;
    if (anyDepartment) {
      results.departments = groupsOf([...byDepartment], session.cardIds, counted);
    }
    return results;
  }
  if (anyDepartment) results.departments = secretGroups(byDepartment, session.cardIds, counted);
  return results;
}

function tallyOf(cardIds: readonly string[], rows: readonly CountedVote[]): Record<string, number> {
  const tallies: Record<string, number> = Object.fromEntries(cardIds.map((id) => [id, 0]));
  for (const row of rows) tallies[row.cardId] = (tallies[row.cardId] ?? 0) + row.count;
  return tallies;
}

function groupsOf(
  groups: [string | null, Set<string>][],
  cardIds: readonly string[],
  rows: readonly CountedVote[],
): DepartmentGroup[] {
  return groups
    .map(([department, members]) => ({
      department,
      voters: members.size,
      tallies: tallyOf(
        cardIds,
        rows.filter((row) => members.has(row.userId)),
      ),
    }))
    .sort(
      (a, b) =>
        Number(a.department === null) - Number(b.department === null) ||
        (a.department ?? '').localeCompare(b.department ?? ''),
    );
}

/**
 * Departments with at least MIN_GROUP_VOTERS voters are shown by name; everyone else
 * is pooled. A smaller pool would be readable by subtraction from the totals, so the
 * smallest named departments join it until it is large enough; with fewer voters than
 * that in all, there is no breakdown at all.
 */
function secretGroups(
  byDepartment: Map<string | null, Set<string>>,
  cardIds: readonly string[],
  rows: readonly CountedVote[],
): DepartmentGroup[] {
  const named = [...byDepartment]
    .filter(([department, members]) => department !== null && members.size >= MIN_GROUP_VOTERS)
    .sort((a, b) => a[1].size - b[1].size);
  const shownNames = () => new Set(named.map(([department]) => department));
  const pool = () => {
    const rest = new Set<string>();
    const shown = shownNames();
    for (const [department, members] of byDepartment) {
      if (!shown.has(department)) for (const id of members) rest.add(id);
    }
    return rest;
  };
  let rest = pool();
  while (rest.size > 0 && rest.size < MIN_GROUP_VOTERS && named.length > 0) {
    named.shift();
    rest = pool();
  }
  if (rest.size > 0 && rest.size < MIN_GROUP_VOTERS) return [];
  const groups: [string | null, Set<string>][] = [...named];
  if (rest.size > 0) groups.push([null, rest]);
  return groupsOf(groups, cardIds, rows);
}
