import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { WebsocketProvider } from 'y-websocket';
import { encodeAwareness, encodeAwarenessEntry } from './messages.ts';
import type { AccessDecision, Role } from './options.ts';
import {
  Resources,
  boardId,
  connect,
  openTestStorage,
  startServer,
  tempDir,
  whenSynced,
  type TestServer,
} from './test/helpers.ts';

const resources = new Resources();
afterEach(() => resources.closeAll());

const people: Record<string, { name: string; colour: string; role: Role }> = {
  olivia: { name: 'Olivia Owner', colour: '#e07a5f', role: 'owner' },
  victor: { name: 'Victor Viewer', colour: '#3d405b', role: 'viewer' },
  carol: { name: 'Carol Commenter', colour: '#81b29a', role: 'commenter' },
};

function authorizeByUser(req: IncomingMessage): Promise<AccessDecision> {
  const userId = new URL(req.url ?? '/', 'http://localhost').searchParams.get('user') ?? '';
  const person = people[userId];
  if (!person) return Promise.resolve({ ok: false, status: 401, reason: 'who?' });
  return Promise.resolve({ ok: true, userId, ...person });
}

async function setup() {
  const storage = openTestStorage(resources, `${tempDir(resources)}/board.db`);
  const board = boardId();
  await storage.boards.create({ id: board, title: 'Presence' });
  const server = await startServer(resources, {
    storage,
    noAuth: false,
    authorize: authorizeByUser,
  });
  return { server, board };
}

async function join(server: TestServer, board: string, user: string): Promise<WebsocketProvider> {
  const provider = connect(resources, server, board, { user });
  await whenSynced(provider);
  return provider;
}

/** A raw socket as `user`, for sending awareness the stock client would never send. */
async function rawSocket(server: TestServer, board: string, user: string): Promise<WebSocket> {
  const ws = new WebSocket(`${server.url}/${board}?user=${user}`);
  resources.add(ws, (s) => s.terminate());
  ws.on('error', () => {});
  await new Promise((resolve) => ws.once('open', resolve));
  return ws;
}

const statesOf = (provider: WebsocketProvider) => provider.awareness.getStates();

describe('presence carries the connection user (issue 15.8)', () => {
  it('shows a viewer who claims to be the owner as themselves', async () => {
    const { server, board } = await setup();
    const owner = await join(server, board, 'olivia');
    const viewer = await join(server, board, 'victor');
    viewer.awareness.setLocalState({
      user: { id: 'olivia', name: 'Olivia Owner', colour: '#e07a5f' },
      summon: { nonce: 'n1', at: Date.now() },
    });

    await vi.waitFor(() => {
      expect(statesOf(owner).get(viewer.awareness.clientID)?.user).toEqual({
        id: 'victor',
        name: 'Victor Viewer',
        colour: '#3d405b',
      });
    });
  });

  it('does not let another socket overwrite the owner’s cursor', async () => {
    const { server, board } = await setup();
    const owner = await join(server, board, 'olivia');
    owner.awareness.setLocalState({ user: { id: 'olivia' }, cursor: { x: 1, y: 1 } });
    const watcher = await join(server, board, 'carol');
    await vi.waitFor(() =>
      expect(statesOf(watcher).get(owner.awareness.clientID)?.cursor).toEqual({ x: 1, y: 1 }),
    );

    const attacker = await rawSocket(server, board, 'victor');
    const forged = encodeAwarenessEntry({
      clientID: owner.awareness.clientID,
      clock: 1_000,
      state: { user: { id: 'olivia' }, cursor: { x: 999, y: 999 } },
      removed: false,
    });
    attacker.send(encodeAwareness(forged));
    // A later honest change from the attacker's own id shows that the forged one was seen.
    const own = encodeAwarenessEntry({
      clientID: 4242,
      clock: 1,
      state: { cursor: null },
      removed: false,
    });
    attacker.send(encodeAwareness(own));
    await vi.waitFor(() => expect(statesOf(watcher).has(4242)).toBe(true));

    expect(statesOf(watcher).get(owner.awareness.clientID)?.cursor).toEqual({ x: 1, y: 1 });
    expect(statesOf(watcher).get(4242)?.user).toMatchObject({ id: 'victor' });
  });
});

describe('awareness flood (issue 15.9)', () => {
  it('keeps one presence state per socket however many ids it sends', async () => {
    const { server, board } = await setup();
    await join(server, board, 'olivia');
    const attacker = await rawSocket(server, board, 'victor');
    for (let wave = 0; wave < 20; wave++) {
      const entries = Array.from({ length: 500 }, (_, i) => ({
        clientID: 100_000 + wave * 1_000 + i,
        clock: 1,
        state: { user: { id: 'x' } },
        removed: false,
      }));
      attacker.send(encodeAwareness(encodeAwarenessBatch(entries)));
    }
    const joiner = await join(server, board, 'carol');
    await vi.waitFor(() => expect(statesOf(joiner).has(100_000)).toBe(true));

    const fromAttacker = [...statesOf(joiner).values()].filter(
      (state) => (state.user as { id?: string } | undefined)?.id === 'victor',
    );
    expect(fromAttacker).toHaveLength(1);
    expect(statesOf(joiner).size).toBeLessThanOrEqual(3);
  });
});

/** Several clients' states in one awareness update, as a flooding client would send. */
function encodeAwarenessBatch(
  entries: { clientID: number; clock: number; state: unknown; removed: boolean }[],
): Uint8Array {
  const parts = entries.map((entry) => encodeAwarenessEntry(entry).subarray(1));
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(3 + total);
  let offset = writeVarUint(out, entries.length);
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out.subarray(0, offset);
}

function writeVarUint(out: Uint8Array, value: number): number {
  let offset = 0;
  let rest = value;
  while (rest > 0x7f) {
    out[offset++] = 0x80 | (rest & 0x7f);
    rest >>>= 7;
  }
  out[offset++] = rest;
  return offset;
}
