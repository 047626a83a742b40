import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  addCard,
  addLane,
  addStage,
  readBoardLock,
  readSharedTimer,
  readVoteEntries,
  type VoteEntry,
} from '@journeyboard/model';
import { createSqliteStorage, type Storage } from '@journeyboard/storage';
import {
  createSyncServer,
  roleWritePolicy,
  type AccessDecision,
  type Role,
} from '@journeyboard/sync';
import { FacilitationService } from './facilitation-service.ts';
import { VotingError } from './voting-error.ts';
import { VotingService, type StartSessionInput } from './voting-service.ts';

const BOARD = 'votingboard0001x';
// The sync server logs at info by default; these tests read its effects, not its log.
process.env.LOG_LEVEL ??= 'silent';
const owner = { userId: 'owner' };

interface World {
  storage: Storage;
  voting: VotingService;
  facilitation: FacilitationService;
  clock: { now: number | null };
  url: string;
  friction: string[];
  ideas: string[];
  close(): Promise<void>;
}

let world: World;

/** A board with a friction lane (4 cards over 2 stages) and an ideas lane (1 card). */
async function seed(storage: Storage): Promise<{ friction: string[]; ideas: string[] }> {
  const doc = new Y.Doc();
  const s1 = addStage(doc, { name: 'Onboarding' }, owner);
  const s2 = addStage(doc, { name: 'Activation' }, owner);
  const lane = addLane(doc, { name: 'Friction', kind: 'friction' }, owner);
  const other = addLane(doc, { name: 'Ideas', kind: 'opportunities' }, owner);
  const friction = [
    addCard(doc, { laneId: lane, stageId: s1, text: 'Slow sign-up' }, owner),
    addCard(doc, { laneId: lane, stageId: s1, text: 'Confusing pricing' }, owner),
    addCard(doc, { laneId: lane, stageId: s2, text: 'No import' }, owner),
    addCard(doc, { laneId: lane, stageId: s2, text: 'Empty dashboard' }, owner),
  ];
  const ideas = [addCard(doc, { laneId: other, stageId: s1, text: 'Templates' }, owner)];
  await storage.boards.create({ id: BOARD, title: 'Voting' });
  await storage.updates.append(BOARD, [Y.encodeStateAsUpdate(doc)]);
  doc.destroy();
  return { friction, ideas };
}

beforeEach(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jb-voting-'));
  const storage = createSqliteStorage({ file: path.join(dir, 'board.db') });
  const { friction, ideas } = await seed(storage);
  const departments: Record<string, string | null> = {};
  for (let i = 0; i < 12; i++) {
    // Distinctive ids: the secrecy check searches stored bytes for them, and a two-letter
    // id like "u1" turns up in binary data by chance.
    const id = `voter-${i}-q7`;
    departments[id] = ['Sales', 'Product', 'Support'][i % 3] ?? null;
    await storage.users.create({
      id,
      email: `${id}@example.com`,
      displayName: `User ${i}`,
      colour: '#3d85c6',
      department: departments[id],
      passwordHash: 'x',
    });
    await storage.members.add(BOARD, id, i === 0 ? 'owner' : 'editor');
    // Breakdowns group by the department owners set on the board, not the profile's.
    await storage.members.setDepartment(BOARD, id, departments[id] ?? null);
  }
  const authorize = (req: IncomingMessage): Promise<AccessDecision> => {
    const params = new URL(req.url ?? '/', 'http://x').searchParams;
    return Promise.resolve({
      ok: true,
      userId: params.get('user') ?? 'voter-1-q7',
      role: (params.get('role') ?? 'editor') as Role,
    });
  };
  const sync = createSyncServer({
    storage,
    authorize,
    writePolicy: roleWritePolicy,
  });
  const http = createServer();
  sync.attach(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const clock: { now: number | null } = { now: null };
  const deps = {
    storage,
    boardDocs: sync.docs,
    now: () => clock.now ?? Date.now(),
  };
  const voting = new VotingService(deps);
  world = {
    storage,
    voting,
    facilitation: new FacilitationService(deps),
    clock,
    url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}/sync`,
    friction,
    ideas,
    async close() {
      voting.stop();
      await sync.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

const providers: WebsocketProvider[] = [];
afterEach(async () => {
  for (const provider of providers.splice(0)) {
    provider.destroy();
    provider.doc.destroy();
  }
  await world.close();
});

/** A client of the board over the real sync server, as any member's tab (or a crafted one). */
async function client(user: string, role: Role = 'editor'): Promise<WebsocketProvider> {
  const provider = new WebsocketProvider(world.url, BOARD, new Y.Doc(), {
    disableBc: true,
    params: { user, role },
    WebSocketPolyfill: WebSocket,
  });
  providers.push(provider);
  if (!provider.synced) await new Promise((resolve) => provider.once('sync', resolve));
  return provider;
}

function start(patch: Partial<StartSessionInput> = {}) {
  return world.voting.start({
    boardId: BOARD,
    createdBy: 'voter-0-q7',
    title: 'What hurts most?',
    budget: 3,
    maxPerCard: 2,
    mode: 'live',
    privacy: 'secret',
    endsAt: null,
    laneIds: null,
    stageIds: null,
    ...patch,
  });
}

function vote(userId: string, sessionId: string, cardId: string, delta: 1 | -1 = 1) {
  return world.voting.cast({ boardId: BOARD, sessionId, userId, cardId, delta });
}

function entryIn(doc: Y.Doc, id: string): VoteEntry | undefined {
  return readVoteEntries(doc).find((entry) => entry.id === id);
}

describe('a voting session', () => {
  it('puts the friction cards on the ballot by default, or the chosen lanes and stages', async () => {
    expect((await start()).cardIds).toEqual(world.friction);
    const board = await world.storage.updates.load(BOARD);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates(board.map((e) => e.bytes)));
    const cards = doc.getMap('cards').toJSON() as Record<string, { place: { stageId: string } }>;
    const activation = cards[world.friction[2] ?? '']?.place.stageId ?? '';
    expect((await start({ stageIds: [activation] })).cardIds).toEqual(world.friction.slice(2));
    const ideasLane = (
      doc.getMap('cards').toJSON() as Record<string, { place: { laneId: string } }>
    )[world.ideas[0] ?? '']?.place.laneId;
    expect((await start({ laneIds: [ideasLane ?? ''] })).cardIds).toEqual(world.ideas);
    await expect(start({ laneIds: ['no-such-lane'] })).rejects.toThrow(/no cards to vote on/);
  });

  it('keeps every ballot out of the document and the awareness channel until reveal', async () => {
    const session = await start();
    const crafted = await client('voter-5-q7', 'editor');
    const awarenessSeen: unknown[] = [];
    crafted.awareness.on('change', () => {
      awarenessSeen.push([...crafted.awareness.getStates().values()]);
    });
    await vi.waitFor(() => expect(entryIn(crafted.doc, session.id)?.status).toBe('open'));
    const [a, b, c, d] = world.friction as [string, string, string, string];
    await vote('voter-1-q7', session.id, a);
    await vote('voter-1-q7', session.id, a);
    await vote('voter-2-q7', session.id, b);
    await vote('voter-3-q7', session.id, d);
    // The facilitator sees their own ballot and a count of voters, never totals.
    const facilitatorView = await world.voting.get(BOARD, session.id, 'voter-0-q7');
    expect(facilitatorView.ballot).toEqual({ votes: {}, used: 0, remaining: 3 });
    expect(facilitatorView.voterCount).toBe(3);
    expect(JSON.stringify(facilitatorView)).not.toMatch(/"voter-[123]-q7"/);
    // Every byte the server ever stored for the board, and what a client received.
    const stored = (await world.storage.updates.load(BOARD)).map((e) => Buffer.from(e.bytes));
    for (const bytes of [...stored, Buffer.from(Y.encodeStateAsUpdate(crafted.doc))]) {
      for (const voter of ['voter-1-q7', 'voter-2-q7', 'voter-3-q7'])
        expect(bytes.includes(voter)).toBe(false);
    }
    expect(entryIn(crafted.doc, session.id)?.results).toBeNull();
    expect(JSON.stringify(crafted.doc.toJSON())).not.toMatch(/tallies/);
    expect(JSON.stringify(awarenessSeen)).not.toMatch(/voter-[123]-q7|tallies|ballot/);
    expect(c).toBeDefined();
  });

  it('enforces the budget and the per-card maximum under concurrent votes from many users', async () => {
    const session = await start({ budget: 4, maxPerCard: 2 });
    const users = Array.from({ length: 12 }, (_, i) => `voter-${i}-q7`);
    // Each user fires 10 votes at once: 3 at each of the first three cards and 1 at the last.
    const attempts = users.flatMap((user) =>
      world.friction.flatMap((cardId, index) =>
        Array.from({ length: index < 3 ? 3 : 1 }, () =>
          vote(user, session.id, cardId).then(
            () => 'ok' as const,
            (error: unknown) => (error instanceof VotingError ? error.message : 'crash'),
          ),
        ),
      ),
    );
    const outcomes = await Promise.all(attempts);
    expect(outcomes).not.toContain('crash');
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(users.length * 4);
    const votes = await world.storage.ballots.votes(session.id);
    for (const user of users) {
      const mine = votes.filter((row) => row.userId === user);
      expect(mine.reduce((sum, row) => sum + row.count, 0)).toBe(4);
      for (const row of mine) expect(row.count).toBeLessThanOrEqual(2);
    }
    const refusals = new Set(outcomes.filter((o) => o !== 'ok'));
    expect([...refusals].sort()).toEqual(
      ['You have given this card the most votes allowed.', 'You have used all your votes.'].sort(),
    );
  });

  it('writes the exact tallies into the board at reveal, for everyone connected', async () => {
    const session = await start({ budget: 5, maxPerCard: 3 });
    const watcher = await client('voter-7-q7', 'viewer');
    const [a, b, c, d] = world.friction as [string, string, string, string];
    const plan: [string, string, number][] = [
      ['voter-0-q7', a, 3],
      ['voter-1-q7', a, 1],
      ['voter-1-q7', b, 2],
      ['voter-2-q7', c, 1],
      ['voter-3-q7', a, 2],
      ['voter-4-q7', c, 3],
      ['voter-5-q7', b, 1],
    ];
    for (const [user, card, times] of plan) {
      for (let i = 0; i < times; i++) await vote(user, session.id, card);
    }
    await vote('voter-5-q7', session.id, b, -1);
    expect(await world.voting.reveal(BOARD, session.id)).toBe(true);
    expect(await world.voting.reveal(BOARD, session.id)).toBe(false);
    await vi.waitFor(() => expect(entryIn(watcher.doc, session.id)?.status).toBe('revealed'));
    const results = entryIn(watcher.doc, session.id)?.results;
    expect(results?.tallies).toEqual({ [a]: 6, [b]: 2, [c]: 4, [d]: 0 });
    expect(results?.voterCount).toBe(5);
    expect(results?.voters).toBeNull();
    // u0..u4 are Sales, Product, Support, Sales, Product: no group of three exists.
    expect(results?.departments).toEqual([
      { department: null, voters: 5, tallies: { [a]: 6, [b]: 2, [c]: 4, [d]: 0 } },
    ]);
    await expect(vote('voter-6-q7', session.id, a)).rejects.toThrow(/closed/);
  });

  it('publishes who voted what for open sessions only', async () => {
    const session = await start({ privacy: 'open' });
    const [a] = world.friction as [string];
    await vote('voter-1-q7', session.id, a);
    await world.voting.reveal(BOARD, session.id);
    const watcher = await client('voter-2-q7');
    expect(entryIn(watcher.doc, session.id)?.results?.voters).toEqual({
      [a]: [{ userId: 'voter-1-q7', name: 'User 1', count: 1 }],
    });
  });

  it('closes an async session when its deadline passes, by timer and by sweep', async () => {
    // Open ballots: one voter is enough to publish (a secret one needs three, see below).
    const timed = await start({ mode: 'async', privacy: 'open', endsAt: Date.now() + 300 });
    const swept = await start({ mode: 'async', endsAt: Date.now() + 3 * 86_400_000 });
    const [a] = world.friction as [string];
    await vote('voter-1-q7', timed.id, a);
    await vote('voter-1-q7', swept.id, a);
    const watcher = await client('voter-2-q7', 'viewer');
    await vi.waitFor(() => expect(entryIn(watcher.doc, timed.id)?.status).toBe('revealed'), {
      timeout: 5_000,
    });
    expect(entryIn(watcher.doc, timed.id)?.results?.tallies[a]).toBe(1);
    expect(entryIn(watcher.doc, swept.id)?.status).toBe('open');
    // Three days later: the sweep (or any read) reveals it.
    world.clock.now = Date.now() + 3 * 86_400_000 + 1;
    await expect(vote('voter-2-q7', swept.id, a)).rejects.toThrow(/closed/);
    await vi.waitFor(() => expect(entryIn(watcher.doc, swept.id)?.status).toBe('revealed'));
    expect(await world.voting.closeDue()).toBe(0);
    expect((await world.voting.list(BOARD, 'voter-1-q7')).map((s) => s.status)).toEqual([
      'revealed',
      'revealed',
    ]);
  });

  it('refuses to reveal a secret session before three members voted; closing it publishes no totals', async () => {
    const session = await start();
    const watcher = await client('voter-7-q7', 'viewer');
    const [a] = world.friction as [string];
    await vote('voter-1-q7', session.id, a);
    await vote('voter-2-q7', session.id, a);
    await expect(world.voting.reveal(BOARD, session.id)).rejects.toThrow(
      /at least 3 members have voted \(2 so far\)/,
    );
    expect((await world.storage.ballots.getSession(session.id))?.status).toBe('open');
    expect(await world.voting.close(BOARD, session.id)).toBe(true);
    await vi.waitFor(() => expect(entryIn(watcher.doc, session.id)?.status).toBe('revealed'));
    expect(entryIn(watcher.doc, session.id)?.results).toBeNull();
    expect(JSON.stringify(watcher.doc.toJSON())).not.toMatch(/tallies/);
  });

  it('publishes a secret session at its deadline only when three members voted', async () => {
    const few = await start({ mode: 'async', endsAt: Date.now() + 300 });
    const enough = await start({ mode: 'async', endsAt: Date.now() + 300 });
    const [a] = world.friction as [string];
    await vote('voter-1-q7', few.id, a);
    for (const voter of ['voter-1-q7', 'voter-2-q7', 'voter-3-q7']) {
      await vote(voter, enough.id, a);
    }
    const watcher = await client('voter-7-q7', 'viewer');
    await vi.waitFor(
      () => {
        expect(entryIn(watcher.doc, few.id)?.status).toBe('revealed');
        expect(entryIn(watcher.doc, enough.id)?.status).toBe('revealed');
      },
      { timeout: 5_000 },
    );
    expect(entryIn(watcher.doc, few.id)?.results).toBeNull();
    expect(entryIn(watcher.doc, enough.id)?.results?.tallies[a]).toBe(3);
  });

  it('refuses sessions of another board, past deadlines and impossible limits', async () => {
    const session = await start();
    await expect(world.voting.get('otherboard00000x', session.id, 'voter-1-q7')).rejects.toThrow(
      /No such voting session/,
    );
    await expect(start({ endsAt: Date.now() - 1 })).rejects.toThrow(/future/);
    await expect(start({ budget: 1, maxPerCard: 2 })).rejects.toThrow(/cannot exceed/);
    await expect(vote('voter-1-q7', session.id, world.ideas[0] ?? '')).rejects.toThrow(/not part/);
  });
});

describe('facilitation', () => {
  it('shares one timer end and a lock the sync server enforces', async () => {
    const editor = await client('voter-3-q7', 'editor');
    const facilitator = { id: 'voter-1-q7', name: 'User 1', isOwner: false };
    const { endsAt } = await world.facilitation.startTimer(BOARD, facilitator, 5, 'Silent voting');
    await vi.waitFor(() => expect(readSharedTimer(editor.doc)?.endsAt).toBe(endsAt));
    await world.facilitation.lock(BOARD, facilitator);
    await vi.waitFor(() => expect(readBoardLock(editor.doc)?.lockedBy).toBe('voter-1-q7'));
    await expect(
      world.facilitation.unlock(BOARD, { id: 'voter-3-q7', name: 'User 3', isOwner: false }),
    ).rejects.toThrow(/only they or an owner/);
    await world.facilitation.unlock(BOARD, { id: 'voter-0-q7', name: 'User 0', isOwner: true });
    await vi.waitFor(() => expect(readBoardLock(editor.doc)).toBeNull());
    await world.facilitation.stopTimer(BOARD);
    await vi.waitFor(() => expect(readSharedTimer(editor.doc)).toBeNull());
  });
});

describe('a process stopped between storage and the board', () => {
  it('publishes the missing results the next time the sessions are listed', async () => {
    const session = await start({ privacy: 'open' });
    const [a] = world.friction as [string];
    await vote('voter-1-q7', session.id, a);
    // Revealed in storage, as if the process died before writing the board.
    expect(await world.storage.ballots.reveal(session.id)).toBe(true);
    const watcher = await client('voter-2-q7', 'viewer');
    expect(entryIn(watcher.doc, session.id)?.status).toBe('open');
    await world.voting.list(BOARD, 'voter-2-q7');
    await vi.waitFor(() => expect(entryIn(watcher.doc, session.id)?.results?.tallies[a]).toBe(1));
  });
});
