import { expect, it } from 'vitest';
import type { NewVoteSession } from './ballot-types.ts';
import { BallotError } from './ballot-errors.ts';
import type { ContractContext } from './contract-context.ts';
import type { Storage } from './types.ts';

async function setUp(storage: Storage, patch: Partial<NewVoteSession> = {}) {
  await storage.boards.create({ id: 'b1', title: 'Board' });
  for (const id of ['u1', 'u2']) {
    await storage.users.create({
      id,
      email: `${id}@example.com`,
      displayName: id,
      colour: '#000000',
      passwordHash: 'x',
    });
    await storage.members.add('b1', id, 'editor');
  }
  return storage.ballots.createSession({
    id: 's1',
    boardId: 'b1',
    title: 'Top friction',
    createdBy: 'u1',
    mode: 'async',
    privacy: 'secret',
    budget: 3,
    maxPerCard: 2,
    cardIds: ['c1', 'c2', 'c3'],
    endsAt: null,
    ...patch,
  });
}

function codeOf(error: unknown): string | undefined {
  return error instanceof BallotError ? error.code : undefined;
}

export function ballotStoreContract({ open }: ContractContext): void {
  it('creates a session and reads it back with its card set', async () => {
    const storage = await open();
    const session = await setUp(storage);
    expect(session).toMatchObject({ status: 'open', budget: 3, cardIds: ['c1', 'c2', 'c3'] });
    expect(await storage.ballots.getSession('s1')).toEqual(session);
    expect(await storage.ballots.listSessions('b1')).toEqual([session]);
  });

  it('counts votes against the budget and returns the voter own ballot', async () => {
    const storage = await open();
    await setUp(storage);
    await storage.ballots.cast({ sessionId: 's1', userId: 'u1', cardId: 'c1', delta: 1 });
    const ballot = await storage.ballots.cast({
      sessionId: 's1',
      userId: 'u1',
      cardId: 'c2',
      delta: 1,
    });
    expect(ballot).toEqual({ votes: { c1: 1, c2: 1 }, used: 2, remaining: 1 });
    expect(await storage.ballots.getBallot('s1', 'u2')).toEqual({
      votes: {},
      used: 0,
      remaining: 3,
    });
  });

  it('refuses a vote over the budget', async () => {
    const storage = await open();
    await setUp(storage);
    for (const cardId of ['c1', 'c2', 'c3']) {
      await storage.ballots.cast({ sessionId: 's1', userId: 'u1', cardId, delta: 1 });
    }
    const error = await storage.ballots
      .cast({ sessionId: 's1', userId: 'u1', cardId: 'c1', delta: 1 })
      .catch((e: unknown) => e);
    expect(codeOf(error)).toBe('budget_exhausted');
  });

  it('refuses more than the per-card maximum', async () => {
    const storage = await open();
    await setUp(storage);
    await storage.ballots.cast({ sessionId: 's1', userId: 'u1', cardId: 'c1', delta: 1 });
    await storage.ballots.cast({ sessionId: 's1', userId: 'u1', cardId: 'c1', delta: 1 });
    const error = await storage.ballots
      .cast({ sessionId: 's1', userId: 'u1', cardId: 'c1', delta: 1 })
      .catch((e: unknown) => e);
    expect(codeOf(error)).toBe('card_max_reached');
  });

  it('refuses a card outside the session set', async () => {
    const storage = await open();
    await setUp(storage);
    const error = await storage.ballots
      .cast({ sessionId: 's1', userId: 'u1', cardId: 'elsewhere', delta: 1 })
      .catch((e: unknown) => e);
    expect(codeOf(error)).toBe('card_not_in_session');
  });

  it('takes a vote back, and refuses taking back a vote never cast', async () => {
    const storage = await open();
    await setUp(storage);
    await storage.ballots.cast({ sessionId: 's1', userId: 'u1', cardId: 'c1', delta: 1 });
    const ballot = await storage.ballots.cast({
      sessionId: 's1',
      userId: 'u1',
      cardId: 'c1',
      delta: -1,
    });
    expect(ballot).toEqual({ votes: {}, used: 0, remaining: 3 });
    const error = await storage.ballots
      .cast({ sessionId: 's1', userId: 'u1', cardId: 'c1', delta: -1 })
      .catch((e: unknown) => e);
    expect(codeOf(error)).toBe('no_vote_to_remove');
  });

  it('lets only one of two racing requests take the last vote', async () => {
    const first = await open();
    const second = await open();
    await setUp(first, { budget: 1 });
    const results = await Promise.allSettled([
      first.ballots.cast({ sessionId: 's1', userId: 'u1', cardId: 'c1', delta: 1 }),
      second.ballots.cast({ sessionId: 's1', userId: 'u1', cardId: 'c2', delta: 1 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect(codeOf(refused?.reason)).toBe('budget_exhausted');
    expect((await first.ballots.getBallot('s1', 'u1')).used).toBe(1);
  });

  it('holds budget and per-card limits when many voters race over two connections', async () => {
    const first = await open();
    const second = await open();
    await setUp(first, { budget: 3, maxPerCard: 2 });
    const users = ['u1', 'u2'];
    // Each voter fires 4 votes at every card at once, alternating connections.
    const attempts = users.flatMap((userId) =>
      ['c1', 'c2', 'c3'].flatMap((cardId) =>
        [0, 1, 2, 3].map((i) =>
          (i % 2 === 0 ? first : second).ballots.cast({
            sessionId: 's1',
            userId,
            cardId,
            delta: 1,
          }),
        ),
      ),
    );
    const results = await Promise.allSettled(attempts);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(6);
    for (const r of results) {
      if (r.status === 'rejected') {
        expect(['budget_exhausted', 'card_max_reached']).toContain(codeOf(r.reason));
      }
    }
    const votes = await first.ballots.votes('s1');
    for (const userId of users) {
      const mine = votes.filter((row) => row.userId === userId);
      expect(mine.reduce((sum, row) => sum + row.count, 0)).toBe(3);
      for (const row of mine) expect(row.count).toBeLessThanOrEqual(2);
    }
  });

  it('reveals once and refuses votes afterwards', async () => {
    const storage = await open();
    await setUp(storage);
    await storage.ballots.cast({ sessionId: 's1', userId: 'u1', cardId: 'c1', delta: 1 });
    expect(await storage.ballots.reveal('s1', 5_000)).toBe(true);
    expect(await storage.ballots.reveal('s1', 6_000)).toBe(false);
    expect(await storage.ballots.getSession('s1')).toMatchObject({
      status: 'revealed',
      revealedAt: 5_000,
    });
    const error = await storage.ballots
      .cast({ sessionId: 's1', userId: 'u2', cardId: 'c1', delta: 1 })
      .catch((e: unknown) => e);
    expect(codeOf(error)).toBe('session_closed');
  });

  it('refuses votes past the deadline', async () => {
    const storage = await open();
    await setUp(storage, { endsAt: 1_000 });
    const error = await storage.ballots
      .cast({ sessionId: 's1', userId: 'u1', cardId: 'c1', delta: 1, now: 1_000 })
      .catch((e: unknown) => e);
    expect(codeOf(error)).toBe('session_closed');
  });

  it('gives every vote to the server and counts distinct voters', async () => {
    const storage = await open();
    await setUp(storage);
    await storage.ballots.cast({ sessionId: 's1', userId: 'u1', cardId: 'c1', delta: 1 });
    await storage.ballots.cast({ sessionId: 's1', userId: 'u2', cardId: 'c1', delta: 1 });
    await storage.ballots.cast({ sessionId: 's1', userId: 'u2', cardId: 'c1', delta: 1 });
    expect(await storage.ballots.votes('s1')).toEqual([
      { userId: 'u1', cardId: 'c1', count: 1, department: null },
      { userId: 'u2', cardId: 'c1', count: 2, department: null },
    ]);
    expect(await storage.ballots.voterCount('s1')).toBe(2);
  });

  it('lists the open sessions past their end for the sweep', async () => {
    const storage = await open();
    await setUp(storage, { endsAt: 1_000 });
    await storage.ballots.createSession({
      id: 's2',
      boardId: 'b1',
      title: 'No deadline',
      createdBy: 'u1',
      mode: 'live',
      privacy: 'open',
      budget: 1,
      maxPerCard: 1,
      cardIds: ['c1'],
      endsAt: null,
    });
    expect(await storage.ballots.listDue(999)).toEqual([]);
    expect((await storage.ballots.listDue(1_000)).map((s) => s.id)).toEqual(['s1']);
    await storage.ballots.reveal('s1', 1_001);
    expect(await storage.ballots.listDue(5_000)).toEqual([]);
  });

  it('lists open sessions for members only', async () => {
    const storage = await open();
    await setUp(storage);
    expect((await storage.ballots.listOpenForUser('u2')).map((s) => s.id)).toEqual(['s1']);
    expect(await storage.ballots.listOpenForUser('stranger')).toEqual([]);
    await storage.ballots.reveal('s1');
    expect(await storage.ballots.listOpenForUser('u2')).toEqual([]);
  });

  it('refuses a session without cards or with a zero budget', async () => {
    const storage = await open();
    await storage.boards.create({ id: 'b1', title: 'Board' });
    const base = {
      boardId: 'b1',
      title: 'x',
      createdBy: 'u1',
      mode: 'live' as const,
      privacy: 'secret' as const,
      maxPerCard: 1,
      endsAt: null,
    };
    const none = await storage.ballots
      .createSession({ ...base, id: 'a', budget: 1, cardIds: [] })
      .catch((e: unknown) => e);
    const zero = await storage.ballots
      .createSession({ ...base, id: 'b', budget: 0, cardIds: ['c1'] })
      .catch((e: unknown) => e);
    expect(codeOf(none)).toBe('invalid_session');
    expect(codeOf(zero)).toBe('invalid_session');
  });

  it('keeps a session minimum of voters, 3 unless chosen, within 2 to 50', async () => {
    const storage = await open();
    expect((await setUp(storage)).minVoters).toBe(3);
    const chosen = await storage.ballots.createSession({
      ...(await storage.ballots.getSession('s1'))!,
      id: 's2',
      minVoters: 7,
    });
    expect((await storage.ballots.getSession(chosen.id))?.minVoters).toBe(7);
    for (const [id, minVoters] of [
      ['s3', 1],
      ['s4', 51],
      ['s5', 2.5],
    ] as const) {
      const refused = await storage.ballots
        .createSession({ ...chosen, id, minVoters })
        .catch((e: unknown) => e);
      expect(codeOf(refused)).toBe('invalid_session');
    }
  });

  it("freezes each voter's board department at their first vote of the session", async () => {
    const storage = await open();
    await setUp(storage);
    expect(await storage.members.setDepartment('b1', 'u1', 'Sales')).toBe(true);
    expect(await storage.members.setDepartment('b1', 'nobody', 'Sales')).toBe(false);
    await storage.ballots.cast({ sessionId: 's1', userId: 'u1', cardId: 'c1', delta: 1 });
    await storage.ballots.cast({ sessionId: 's1', userId: 'u2', cardId: 'c2', delta: 1 });
    // Changed after the first vote, even when the voter votes again: the frozen one stays.
    await storage.members.setDepartment('b1', 'u1', 'Support');
    await storage.members.setDepartment('b1', 'u2', 'Support');
    await storage.ballots.cast({ sessionId: 's1', userId: 'u1', cardId: 'c2', delta: 1 });
    expect(await storage.ballots.votes('s1')).toEqual([
      { userId: 'u1', cardId: 'c1', count: 1, department: 'Sales' },
      { userId: 'u1', cardId: 'c2', count: 1, department: 'Sales' },
      { userId: 'u2', cardId: 'c2', count: 1, department: null },
    ]);
    const members = await storage.members.listForBoard('b1');
    expect(members.map((m) => m.department)).toEqual(['Support', 'Support']);
  });
}
