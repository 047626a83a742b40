import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createPostgresStorage } from '@journeyboard/storage';
import { Resources, boardId, connect, whenSynced } from './test/helpers.ts';
import {
  createScaleOutEnv,
  spawnNode,
  startTcpProxy,
  type NodeProcess,
  type ScaleOutEnv,
} from './test/scale-out.ts';

const resources = new Resources();
let env: ScaleOutEnv;

beforeAll(async () => {
  env = await createScaleOutEnv();
});
afterAll(() => env?.close());
afterEach(() => resources.closeAll());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything a test compares: the whole document, as plain JSON. */
function stateOf(doc: Y.Doc) {
  return {
    entries: doc.getMap('entries').toJSON(),
    text: doc.getText('text').toJSON(),
    list: doc.getArray('list').toJSON(),
  };
}

/** The board as PostgreSQL has it: every logged update merged into a fresh document. */
async function storedState(id: string): Promise<ReturnType<typeof stateOf>> {
  const storage = await createPostgresStorage({ connectionString: env.databaseUrl, max: 1 });
  try {
    const doc = new Y.Doc();
    const entries = await storage.updates.load(id);
    if (entries.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(entries.map((e) => e.bytes)));
    return stateOf(doc);
  } finally {
    await storage.close();
  }
}

/** What a client joining `node` now gets: the node's own view of the board. */
async function freshState(node: { url: string }, id: string): Promise<ReturnType<typeof stateOf>> {
  const fresh = connect(resources, node, id);
  await whenSynced(fresh);
  const state = stateOf(fresh.doc);
  fresh.destroy();
  return state;
}

/** Keys of `entries` this client got from the server (not its own edits). */
function recordReceived(provider: WebsocketProvider, into: Set<string>): void {
  provider.doc.getMap('entries').observe((event) => {
    if (event.transaction.local) return;
    for (const key of event.keysChanged) into.add(String(key));
  });
}

/** A free port on 127.0.0.1 (for a Redis of the test's own, restarted on the same port). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `redis-server` without persistence: a restart loses every stream, as after a crash. */
async function startRedis(port: number): Promise<() => Promise<void>> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  resources.add(child, stop);
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('error', reject);
    void exited.then(() => reject(new Error(`redis-server exited: ${output}`)));
  });
  return stop;
}

/** A small seeded PRNG (mulberry32), so a failing run can be replayed with its seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

describe('scale-out under failure (sync node processes on PostgreSQL and Redis)', () => {
  it('kill -9 of a node mid-edit: its clients reconnect to the other node; every update anyone received is on every client, node and in PostgreSQL', async () => {
    const [a, b] = await Promise.all([spawnNode(resources, env), spawnNode(resources, env)]);
    // The proxy tries A first and B when A refuses: what the compose proxy does.
    const proxy = await startTcpProxy(resources, () => [a.port, b.port]);
    const id = boardId('kill-reconnect');
    const viaProxy = { url: proxy.url('/sync') };
    const clients = [
      connect(resources, viaProxy, id),
      connect(resources, viaProxy, id),
      connect(resources, b, id),
      connect(resources, b, id),
    ];
    await Promise.all(clients.map(whenSynced));
    const received = new Set<string>();
    for (const client of clients) recordReceived(client, received);

    // Writers on both nodes; one transaction per tick stays under the message rate.
    const writers = [clients[0]!, clients[2]!];
    let sent = 0;
    const stream = resources.add(
      setInterval(() => {
        for (const [w, writer] of writers.entries()) {
          writer.doc.transact(() => {
            for (let i = 0; i < 3; i++) writer.doc.getMap('entries').set(`w${w}-${sent++}`, sent);
          });
        }
      }, 8),
      clearInterval,
    );
    await vi.waitFor(() => expect(received.size).toBeGreaterThan(300), { timeout: 10_000 });
    a.child.kill('SIGKILL');
    await a.exited;
    // Edits go on through the reconnect: A's clients keep them and hand them to B.
    await sleep(500);
    clearInterval(stream);
    const receivedAtKill = received.size;
    expect(receivedAtKill).toBeGreaterThan(300);

    await vi.waitFor(
      () => {
        for (const client of clients.slice(0, 2)) expect(client.wsconnected).toBe(true);
      },
      { timeout: 8_000 },
    );
    const everything = () => stateOf(clients[0]!.doc);
    await vi.waitFor(
      () => {
        for (const client of clients) expect(stateOf(client.doc)).toEqual(everything());
      },
      { timeout: 8_000 },
    );
    const final = everything();
    const missing = [...received].filter((key) => !(key in final.entries));
    expect(missing).toEqual([]);
    expect(Object.keys(final.entries).length).toBe(sent);
    expect(await freshState(b, id)).toEqual(final);
    await vi.waitFor(async () => expect(await storedState(id)).toEqual(final), { timeout: 5_000 });
  }, 40_000);

  it('Redis restarted (its streams lost) during edits: all clients on both nodes converge, and so does PostgreSQL', async () => {
    const port = await freePort();
    const stopRedis = await startRedis(port);
    const redisUrl = `redis://127.0.0.1:${port}`;
    const [a, b] = await Promise.all([
      spawnNode(resources, env, { REDIS_URL: redisUrl }),
      spawnNode(resources, env, { REDIS_URL: redisUrl }),
    ]);
    const id = boardId('redis-restart');
    const clients = [a, a, b, b].map((node) => connect(resources, node, id));
    await Promise.all(clients.map(whenSynced));
    let sent = 0;
    const stream = resources.add(
      setInterval(() => {
        const writer = clients[sent % clients.length]!;
        writer.doc.getMap('entries').set(`e${sent++}`, sent);
      }, 5),
      clearInterval,
    );
    await vi.waitFor(() => expect(sent).toBeGreaterThan(100), { timeout: 5_000 });
    await stopRedis();
    await sleep(800);
    const sentWhileDown = sent;
    // The restarted Redis is stopped with the test's other resources.
    await startRedis(port);
    await vi.waitFor(() => expect(sent).toBeGreaterThan(sentWhileDown + 100), { timeout: 5_000 });
    clearInterval(stream);

    const final = () => stateOf(clients[0]!.doc);
    await vi.waitFor(
      () => {
        expect(Object.keys(final().entries)).toHaveLength(sent);
        for (const client of clients) expect(stateOf(client.doc)).toEqual(final());
      },
      { timeout: 10_000, interval: 100 },
    );
    for (const node of [a, b]) expect(await freshState(node, id)).toEqual(final());
    expect(await storedState(id)).toEqual(final());
  }, 40_000);

  it('randomised: clients on three nodes edit, disconnect and reconnect at random while one node is killed; every client, node and PostgreSQL end identical', async () => {
    const seed = Number(process.env.JB_CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const random = seeded(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    // Printed so that a failure can be replayed: JB_CHAOS_SEED=<seed>.
    console.info(`randomised convergence: JB_CHAOS_SEED=${seed}`);

    // A low compaction threshold: nodes compact the same board at once, under edits.
    const nodeEnv = { JOURNEYBOARD_COMPACT_AFTER_UPDATES: '40' };
    const nodes: NodeProcess[] = await Promise.all(
      [0, 1, 2].map(() => spawnNode(resources, env, nodeEnv)),
    );
    const id = boardId('chaos');
    const CLIENTS = 6;
    const clients: WebsocketProvider[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      // Each client prefers its own node and falls over to the others, in order.
      const order = [0, 1, 2].map((k) => (i + k) % 3);
      const proxy = await startTcpProxy(resources, () => order.map((n) => nodes[n]!.port));
      clients.push(connect(resources, { url: proxy.url('/sync') }, id));
    }
    await Promise.all(clients.map(whenSynced));
    let edits = 0;
    let disconnects = 0;
    const edit = (doc: Y.Doc) => {
      edits++;
      const roll = random();
      if (roll < 0.5) {
        const key = `k${Math.floor(random() * 40)}`;
        if (random() < 0.15) doc.getMap('entries').delete(key);
        else doc.getMap('entries').set(key, Math.floor(random() * 1_000));
      } else if (roll < 0.8) {
        const text = doc.getText('text');
        if (text.length > 20 && random() < 0.3) {
          text.delete(Math.floor(random() * (text.length - 3)), 3);
        } else {
          text.insert(Math.floor(random() * (text.length + 1)), pick(['a', 'bc', 'def', '⌘']));
        }
      } else {
        const list = doc.getArray<number>('list');
        if (list.length > 5 && random() < 0.3) list.delete(Math.floor(random() * list.length));
        else list.insert(Math.floor(random() * (list.length + 1)), [edits]);
      }
    };

    const DURATION_MS = 6_000;
    const killAt = 1_500 + random() * 2_500;
    const victim = Math.floor(random() * 3);
    const started = Date.now();
    let killed = false;
    const pendingReconnects = new Set<ReturnType<typeof setTimeout>>();
    while (Date.now() - started < DURATION_MS) {
      if (!killed && Date.now() - started > killAt) {
        killed = true;
        nodes[victim]!.child.kill('SIGKILL');
      }
      const client = pick(clients);
      if (random() < 0.04 && client.shouldConnect) {
        disconnects++;
        client.disconnect();
        // Edits made while away are kept and sent on reconnect.
        const timer = setTimeout(
          () => {
            pendingReconnects.delete(timer);
            client.connect();
          },
          100 + random() * 700,
        );
        pendingReconnects.add(timer);
      } else {
        client.doc.transact(() => {
          for (let i = 1 + Math.floor(random() * 3); i > 0; i--) edit(client.doc);
        });
      }
      await sleep(2 + random() * 8);
    }
    for (const timer of pendingReconnects) clearTimeout(timer);
    for (const client of clients) if (!client.shouldConnect) client.connect();
    await nodes[victim]!.exited;
    expect(killed).toBe(true);
    expect(edits).toBeGreaterThan(300);
    expect(disconnects).toBeGreaterThan(0);

    const reference = () => stateOf(clients[0]!.doc);
    await vi.waitFor(
      () => {
        for (const client of clients) {
          expect(client.wsconnected, `seed ${seed}`).toBe(true);
          expect(stateOf(client.doc), `seed ${seed}`).toEqual(reference());
        }
      },
      { timeout: 15_000, interval: 100 },
    );
    const final = reference();
    const survivors = nodes.filter((_, n) => n !== victim);
    for (const node of survivors) expect(await freshState(node, id), `seed ${seed}`).toEqual(final);
    await vi.waitFor(async () => expect(await storedState(id), `seed ${seed}`).toEqual(final), {
      timeout: 5_000,
    });
    // The killed node, restarted, serves the same board from PostgreSQL.
    const restarted = await spawnNode(resources, env, nodeEnv);
    expect(await freshState(restarted, id), `seed ${seed}`).toEqual(final);
  }, 90_000);
});
