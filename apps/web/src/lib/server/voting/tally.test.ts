import { describe, expect, it } from 'vitest';
import { MIN_GROUP_VOTERS, computeResults, type CountedVote, type Voter } from './tally.ts';

const cardIds = ['a', 'b', 'c'];

function people(spec: Record<string, string | null>): (id: string) => Voter {
  return (id) => ({ name: id.toUpperCase(), department: spec[id] ?? null });
}

function votesFor(spec: Record<string, string>): CountedVote[] {
  return Object.entries(spec).map(([userId, cardId]) => ({ userId, cardId, count: 1 }));
}

describe('computeResults', () => {
  it('counts votes per card, including cards nobody voted for', () => {
    const rows: CountedVote[] = [
      { userId: 'u1', cardId: 'a', count: 2 },
      { userId: 'u2', cardId: 'a', count: 1 },
      { userId: 'u2', cardId: 'c', count: 1 },
      { userId: 'u3', cardId: 'gone', count: 4 },
    ];
    const results = computeResults({ cardIds, privacy: 'secret' }, rows, people({}));
    expect(results.tallies).toEqual({ a: 3, b: 0, c: 1 });
    expect(results.voterCount).toBe(2);
    expect(results.voters).toBeNull();
  });

  it('names the voters of each card only for open sessions', () => {
    const rows = votesFor({ u1: 'a', u2: 'a' });
    const open = computeResults({ cardIds, privacy: 'open' }, rows, people({ u1: 'Sales' }));
    expect(open.voters).toEqual({
      a: [
        { userId: 'u1', name: 'U1', count: 1 },
        { userId: 'u2', name: 'U2', count: 1 },
      ],
    });
    expect(open.departments.map((g) => g.department)).toEqual(['Sales', null]);
  });

  it('in secret sessions, never publishes a group of fewer than three voters', () => {
    const departments = {
      s1: 'Sales',
      s2: 'Sales',
      s3: 'Sales',
      p1: 'Product',
      p2: 'Product',
      p3: 'Product',
      p4: 'Product',
      x1: 'Legal',
    };
    const rows = votesFor({
      s1: 'a',
      s2: 'a',
      s3: 'b',
      p1: 'c',
      p2: 'c',
      p3: 'c',
      p4: 'a',
      x1: 'b',
    });
    const results = computeResults({ cardIds, privacy: 'secret' }, rows, people(departments));
    // Legal alone would publish x1's ballot, and so would a pool of x1 only: Sales (the
    // smallest named group) joins the pool.
    expect(results.departments).toEqual([
      { department: 'Product', voters: 4, tallies: { a: 1, b: 0, c: 3 } },
      { department: null, voters: 4, tallies: { a: 2, b: 2, c: 0 } },
    ]);
    for (const group of results.departments) {
      expect(group.voters).toBeGreaterThanOrEqual(MIN_GROUP_VOTERS);
    }
  });

  it('names a department only when three of its voters are not the reader', () => {
    // Sales has three voters: each of them, subtracting their own ballot, would read the
    // other two's. It is pooled with everyone else instead.
    const departments = { s1: 'Sales', s2: 'Sales', s3: 'Sales' };
    const rows = votesFor({ s1: 'a', s2: 'a', s3: 'b', o1: 'c', o2: 'c', o3: 'c', o4: 'a' });
    const results = computeResults({ cardIds, privacy: 'secret' }, rows, people(departments));
    expect(results.departments).toEqual([
      { department: null, voters: 7, tallies: { a: 3, b: 1, c: 3 } },
    ]);
    const four = computeResults(
      { cardIds, privacy: 'secret' },
      [...rows, { userId: 's4', cardId: 'b', count: 1 }],
      people({ ...departments, s4: 'Sales' }),
    );
    expect(four.departments.map((group) => [group.department, group.voters])).toEqual([
      ['Sales', 4],
      [null, 4],
    ]);
  });

  it('gives no breakdown of a secret session with fewer than three voters', () => {
    const rows = votesFor({ u1: 'a', u2: 'b' });
    const results = computeResults(
      { cardIds, privacy: 'secret' },
      rows,
      people({ u1: 'Sales', u2: 'Product' }),
    );
    expect(results.departments).toEqual([]);
    expect(results.tallies).toEqual({ a: 1, b: 1, c: 0 });
  });

  it.each(['secret', 'open'] as const)(
    'gives no department breakdown of a %s session when no voter has a department',
    (privacy) => {
      const rows = votesFor({ u1: 'a', u2: 'a', u3: 'b', u4: 'c' });
      const results = computeResults({ cardIds, privacy }, rows, people({}));
      expect(results.departments).toEqual([]);
    },
  );
});
