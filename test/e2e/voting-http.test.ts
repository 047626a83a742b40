import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { addCard, readBoard, readVoteEntries } from '@journeyboard/model';
import { HttpClient, memberId, openProvider, whenSynced } from './auth-helpers.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

let dataDir: string;
let server: WebServer;
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-voting-http-'));
  server = await startWebServer({ dataDir });
});

afterAll(async () => {
  for (const provider of providers) {
    provider.destroy();
    provider.doc.destroy();
  }
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** JSON over HTTP as a crafted client would send it: any body, any header. */
async function call(
  client: HttpClient,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; data: Record<string, unknown> }> {
  const response = await fetch(server.url + url, {
    method: body === undefined ? 'GET' : 'POST',
    redirect: 'manual',
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      cookie: client.cookie,
      origin: server.url,
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: response.status, data };
}

async function connect(client: HttpClient, boardId: string) {
  const provider = openProvider(server.url, boardId, client.cookie);
  providers.push(provider);
  await whenSynced(provider);
  return provider;
}

/** An owner with a starter board holding four friction cards, and members by role. */
async function board(roles: Record<string, string>) {
  const owner = new HttpClient(server.url);
  await owner.signUp('Owner');
  const boardId = await owner.createBoard('Votes', 'starter');
  const members: Record<string, HttpClient> = {};
  for (const [name, role] of Object.entries(roles)) {
    const member = new HttpClient(server.url);
    await member.signUp(name);
    await member.join(owner, boardId, role);
    members[name] = member;
  }
  const doc = (await connect(owner, boardId)).doc;
  const map = readBoard(doc);
  const lane = map.lanes.find((l) => l.kind === 'friction')?.id ?? '';
  const cardIds = [0, 1, 2, 3].map((i) =>
    addCard(
      doc,
      { laneId: lane, stageId: map.stages[i]?.id ?? '', text: `Friction ${i}` },
      { userId: 'owner' },
    ),
  );
  await vi.waitFor(async () => {
    expect(readBoard((await connect(owner, boardId)).doc).cards).toHaveLength(4);
  });
  return { owner, members, boardId, cardIds };
}

const live = { title: 'Top friction', budget: 3, maxPerCard: 2, mode: 'live', durationMinutes: 10 };

describe('voting endpoints', () => {
  it('let only facilitators start and reveal; any member votes', async () => {
    const { owner, members, boardId } = await board({ Cy: 'commenter', Vi: 'viewer' });
    const stranger = new HttpClient(server.url);
    await stranger.signUp('Stranger');
    const cy = members.Cy as HttpClient;
    expect((await call(cy, `/b/${boardId}/votes`, live)).status).toBe(403);
    expect((await call(stranger, `/b/${boardId}/votes`)).status).toBe(403);
    expect((await call(new HttpClient(server.url), `/b/${boardId}/votes`, live)).status).toBe(401);
    const started = await call(owner, `/b/${boardId}/votes`, live);
    expect(started.status).toBe(200);
    const sessionId = (started.data.session as { id: string }).id;
    const { cardIds } = {
      cardIds: readVoteEntries((await connect(owner, boardId)).doc)[0]?.cardIds,
    };
    const vote = { action: 'vote', cardId: cardIds?.[0], delta: 1 };
    expect(
      (await call(members.Vi as HttpClient, `/b/${boardId}/votes/${sessionId}`, vote)).status,
    ).toBe(200);
    expect((await call(stranger, `/b/${boardId}/votes/${sessionId}`, vote)).status).toBe(403);
    const reveal = { action: 'reveal' };
    expect((await call(cy, `/b/${boardId}/votes/${sessionId}`, reveal)).status).toBe(403);
    expect((await call(cy, `/b/${boardId}/votes/${sessionId}`, { action: 'close' })).status).toBe(
      403,
    );
    // One voter: a secret ballot's totals would be Vi's ballot (issue 15, item 6).
    const early = await call(owner, `/b/${boardId}/votes/${sessionId}`, reveal);
    expect(early.status).toBe(409);
    expect(early.data.message).toMatch(/at least 3 members have voted \(1 so far\)/);
    const closed = await call(owner, `/b/${boardId}/votes/${sessionId}`, { action: 'close' });
    expect(closed.data).toEqual({ closed: true });
    const watcher = await connect(owner, boardId);
    await vi.waitFor(() => expect(readVoteEntries(watcher.doc)[0]?.status).toBe('revealed'));
    expect(readVoteEntries(watcher.doc)[0]?.results).toBeNull();
  });

  it('refuse malformed, oversized and hostile bodies with a clear error', async () => {
    const { owner, boardId } = await board({});
    const url = `/b/${boardId}/votes`;
    const cases: [unknown, Record<string, string>, number, RegExp][] = [
      ['{"title":', {}, 400, /not valid JSON/],
      [live, { 'content-type': 'text/plain' }, 415, /JSON/],
      [{ ...live, title: 'x'.repeat(20_000) }, {}, 413, /too large/],
      [{ ...live, budget: 0 }, {}, 400, /budget/],
      [{ ...live, budget: 'lots' }, {}, 400, /budget/],
      [{ ...live, sneaky: true }, {}, 400, /sneaky|Unrecognized/],
      [{ ...live, mode: 'async' }, {}, 400, /deadline/],
      [{ ...live, budget: 2, maxPerCard: 3 }, {}, 400, /cannot exceed/],
      [{ ...live, laneIds: ['nope'] }, {}, 400, /no cards to vote on/],
      [[1, 2, 3], {}, 400, /./],
      [null, {}, 400, /./],
    ];
    for (const [body, headers, status, message] of cases) {
      const answer = await call(owner, url, body, headers);
      expect({ status: answer.status, body }).toEqual({ status, body });
      expect(String(answer.data.message)).toMatch(message);
    }
    const started = await call(owner, url, live);
    const sessionId = (started.data.session as { id: string }).id;
    for (const body of [
      { action: 'vote', cardId: 'x', delta: 2 },
      { action: 'vote', cardId: '', delta: 1 },
      { action: 'delete' },
      { action: 'reveal', extra: 1 },
    ]) {
      expect((await call(owner, `${url}/${sessionId}`, body)).status).toBe(400);
    }
    expect((await call(owner, `${url}/not-a-session`)).status).toBe(404);
    expect((await call(owner, `${url}/AAAAAAAAAAAAAAAA`)).status).toBe(404);
    // The server is still fine.
    expect((await call(owner, url)).status).toBe(200);
  });

  it('hold the budget under concurrent votes from many users, keep ballots secret, then publish exact tallies', async () => {
    const names = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6'];
    const { owner, members, boardId, cardIds } = await board(
      Object.fromEntries(names.map((n) => [n, 'editor'])),
    );
    const started = await call(owner, `/b/${boardId}/votes`, live);
    const sessionId = (started.data.session as { id: string }).id;
    const url = `/b/${boardId}/votes/${sessionId}`;
    // Every member fires 8 votes at once (2 per card) against a budget of 3.
    const results = await Promise.all(
      names.flatMap((name) =>
        cardIds.flatMap((cardId) =>
          [0, 1].map(() =>
            call(members[name] as HttpClient, url, { action: 'vote', cardId, delta: 1 }),
          ),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(names.length * 3);
    for (const r of results) expect([200, 409]).toContain(r.status);

    // Each voter sees only their own ballot; the facilitator sees no totals.
    let total = 0;
    for (const name of names) {
      const view = await call(members[name] as HttpClient, url);
      const ballot = view.data.ballot as { used: number; votes: Record<string, number> };
      expect(ballot.used).toBe(3);
      expect(Object.values(ballot.votes).every((n) => n <= 2)).toBe(true);
      total += ballot.used;
    }
    const facilitator = await call(owner, url);
    expect(facilitator.data.ballot).toEqual({ votes: {}, used: 0, remaining: 3 });
    expect(facilitator.data.voterCount).toBe(names.length);
    expect(JSON.stringify(facilitator.data)).not.toMatch(/tallies|userId/);
    const spy = await connect(members.A1 as HttpClient, boardId);
    expect(readVoteEntries(spy.doc)[0]?.results).toBeNull();

    expect((await call(owner, url, { action: 'reveal' })).data).toEqual({ revealed: true });
    await vi.waitFor(() => expect(readVoteEntries(spy.doc)[0]?.status).toBe('revealed'));
    const tallies = readVoteEntries(spy.doc)[0]?.results?.tallies ?? {};
    // Exactly what the voters were told they had cast.
    const perCard: Record<string, number> = {};
    for (const name of names) {
      const ballot = (await call(members[name] as HttpClient, url)).data.ballot as {
        votes: Record<string, number>;
      };
      for (const [cardId, n] of Object.entries(ballot.votes))
        perCard[cardId] = (perCard[cardId] ?? 0) + n;
    }
    expect(Object.values(tallies).reduce((a, b) => a + b, 0)).toBe(total);
    for (const cardId of cardIds) expect(tallies[cardId]).toBe(perCard[cardId] ?? 0);
    expect(readVoteEntries(spy.doc)[0]?.results?.voters).toBeNull();
  });

  it('close an async session when its deadline passes, with no one asking', async () => {
    const { owner, members, boardId, cardIds } = await board({ Dee: 'editor' });
    const started = await call(owner, `/b/${boardId}/votes`, {
      title: 'Async',
      budget: 2,
      maxPerCard: 2,
      mode: 'async',
      // Open: one voter's totals may be published (a secret session needs three).
      privacy: 'open',
      deadline: Date.now() + 1_500,
    });
    const sessionId = (started.data.session as { id: string }).id;
    const url = `/b/${boardId}/votes/${sessionId}`;
    await call(members.Dee as HttpClient, url, { action: 'vote', cardId: cardIds[1], delta: 1 });
    const watcher = await connect(owner, boardId);
    await vi.waitFor(() => expect(readVoteEntries(watcher.doc)[0]?.status).toBe('revealed'), {
      timeout: 6_000,
    });
    expect(readVoteEntries(watcher.doc)[0]?.results?.tallies[cardIds[1] ?? '']).toBe(1);
    const late = await call(members.Dee as HttpClient, url, {
      action: 'vote',
      cardId: cardIds[0],
      delta: 1,
    });
    expect(late.status).toBe(409);
    expect(String(late.data.message)).toMatch(/closed/);
  });

  it('keep a secret session to its own minimum of voters: 5 refuses a reveal with 4', async () => {
    const names = ['M1', 'M2', 'M3', 'M4', 'M5'];
    const { owner, members, boardId, cardIds } = await board(
      Object.fromEntries(names.map((n) => [n, 'editor'])),
    );
    const url = `/b/${boardId}/votes`;
    for (const minVoters of [1, 51, 2.5, '5']) {
      const refused = await call(owner, url, { ...live, minVoters });
      expect({ minVoters, status: refused.status }).toEqual({ minVoters, status: 400 });
      expect(String(refused.data.message)).toMatch(/voters|number/);
    }
    const started = await call(owner, url, { ...live, minVoters: 5 });
    expect(started.status).toBe(200);
    const sessionId = (started.data.session as { id: string }).id;
    const vote = { action: 'vote', cardId: cardIds[0], delta: 1 };
    for (const name of names.slice(0, 4)) {
      expect((await call(members[name] as HttpClient, `${url}/${sessionId}`, vote)).status).toBe(
        200,
      );
    }
    // Voters are told the minimum; the facilitator cannot go under it.
    expect((await call(members.M1 as HttpClient, `${url}/${sessionId}`)).data.minVoters).toBe(5);
    const early = await call(owner, `${url}/${sessionId}`, { action: 'reveal' });
    expect(early.status).toBe(409);
    expect(early.data.message).toMatch(/at least 5 members have voted \(4 so far\)/);
    await call(members.M5 as HttpClient, `${url}/${sessionId}`, vote);
    expect((await call(owner, `${url}/${sessionId}`, { action: 'reveal' })).data).toEqual({
      revealed: true,
    });
    const watcher = await connect(owner, boardId);
    await vi.waitFor(() => expect(readVoteEntries(watcher.doc)[0]?.results?.voterCount).toBe(5));
    expect(readVoteEntries(watcher.doc)[0]?.minVoters).toBe(5);
  });

  it('group a secret breakdown by the department owners set, frozen when each voter voted', async () => {
    const sales = ['Sa1', 'Sa2', 'Sa3', 'Sa4'];
    const support = ['Su1', 'Su2', 'Su3', 'Su4'];
    const { owner, members, boardId, cardIds } = await board(
      Object.fromEntries([...sales, ...support].map((n) => [n, 'editor'])),
    );
    const setDepartment = async (by: HttpClient, name: string, department: string) =>
      by.post(
        `/b/${boardId}/members?/department`,
        { userId: await memberId(owner, boardId, name), department },
        { enhanced: true },
      );
    // Only owners set a department; an editor cannot, not even their own.
    const insider = members.Su1 as HttpClient;
    const refused = await setDepartment(insider, 'Su1', 'Sales');
    expect(refused.status).toBe(403);
    for (const name of sales) expect((await setDepartment(owner, name, 'Sales')).status).toBe(200);
    for (const name of support) {
      expect((await setDepartment(owner, name, 'Support')).status).toBe(200);
    }
    const started = await call(owner, `/b/${boardId}/votes`, live);
    const url = `/b/${boardId}/votes/${(started.data.session as { id: string }).id}`;
    for (const name of sales) {
      await call(members[name] as HttpClient, url, {
        action: 'vote',
        cardId: cardIds[0],
        delta: 1,
      });
    }
    for (const name of support) {
      await call(members[name] as HttpClient, url, {
        action: 'vote',
        cardId: cardIds[1],
        delta: 1,
      });
    }
    // After voting: the insider declares another department on their profile, and an owner
    // moves a Support voter to Sales. Neither may move this session's breakdown.
    const profile = await insider.post('/account?/profile', {
      displayName: 'Su1',
      colour: '#9b5de5',
      department: 'Sales',
    });
    expect(profile.status).toBe(200);
    expect((await setDepartment(owner, 'Su2', 'Sales')).status).toBe(200);
    expect((await call(owner, url, { action: 'reveal' })).data).toEqual({ revealed: true });
    const watcher = await connect(owner, boardId);
    await vi.waitFor(() => expect(readVoteEntries(watcher.doc)[0]?.status).toBe('revealed'));
    const departments = readVoteEntries(watcher.doc)[0]?.results?.departments ?? [];
    expect(departments.map(({ department, voters }) => ({ department, voters }))).toEqual([
      { department: 'Sales', voters: 4 },
      { department: 'Support', voters: 4 },
    ]);
    expect(departments[1]?.tallies[cardIds[1] ?? '']).toBe(4);
  });
});
