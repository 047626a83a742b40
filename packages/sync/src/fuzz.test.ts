import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, SYNC_PATH_PREFIX } from '@journeyboard/protocol';
import { fuzzFrameFactory, type FuzzFrame } from './test/fuzz-frames.ts';
import { seededRandom } from './test/hostile-frames.ts';
import { RawSocket, type ProbeResult } from './test/raw-socket.ts';
import { Resources, boardId, connect, tempDir, whenSynced } from './test/helpers.ts';

const resources = new Resources();
afterEach(() => resources.closeAll());

// Small limits keep oversized frames cheap to send; the rate limit is lifted so that a
// socket whose frames keep being accepted is judged on its frames alone.
const limits = {
  maxFrameBytes: 16 * 1024,
  maxUpdateBytes: 4 * 1024,
  maxAwarenessBytes: 1024,
  maxMessagesPerSecond: 1_000_000,
  messageBurst: 1_000_000,
};
const FRAMES = Number(process.env.FUZZ_FRAMES ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const WORKERS = Number(process.env.FUZZ_WORKERS ?? 96);
const closeCodes = new Set<number>(Object.values(CloseCode));
const serverPath = fileURLToPath(new URL('./test/fuzz-server.ts', import.meta.url));

/** The server under fuzz, in its own process; `alive()` is false once it has exited. */
async function startFuzzServer(dbFile: string) {
  const child = spawn(process.execPath, [serverPath], {
    env: { ...process.env, JB_LIMITS: JSON.stringify(limits), JB_DB_FILE: dbFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  resources.add(child, (c) => {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-10_000);
      const match = /listening on port (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`fuzz server exited (${code}): ${output}`)));
  });
  return {
    port,
    url: `ws://127.0.0.1:${port}/sync`,
    alive: () => child.exitCode === null && child.signalCode === null,
    output: () => output,
  };
}

/** Why an outcome is wrong for its frame; null when it is right. */
function judge(frame: FuzzFrame, result: ProbeResult): string | null {
  if (!result.accepted && (!closeCodes.has(result.code as CloseCode) || result.reason === '')) {
    return `closed with ${result.code} "${result.reason}" (no named code and reason)`;
  }
  if (frame.expect === 'any') return null;
  if (frame.expect === 'accepted') return result.accepted ? null : `refused: ${result.reason}`;
  if (result.accepted) return `accepted, expected close ${frame.expect}`;
  return result.code === frame.expect ? null : `closed ${result.code}, expected ${frame.expect}`;
}

describe('decoder fuzz against a live server', () => {
  it(`survives ${FRAMES.toLocaleString('en')} random, truncated, oversized and mutated frames (seed ${SEED})`, async () => {
    const dir = tempDir(resources);
    const server = await startFuzzServer(`${dir}/board.db`);
    const board = boardId('fuzz');
    const a = connect(resources, server, board);
    const b = connect(resources, server, board);
    await Promise.all([whenSynced(a), whenSynced(b)]);
    let edits = 0;
    const editing = setInterval(() => {
      edits++;
      (edits % 2 ? a : b).doc.getMap('good').set(`edit-${edits}`, edits);
    }, 10);
    resources.add(editing, clearInterval);

    const next = fuzzFrameFactory(seededRandom(SEED), limits);
    const path = `${SYNC_PATH_PREFIX}${board}`;
    const wrong: string[] = [];
    const tally = { accepted: 0, closed: 0, sockets: 0 };
    const kinds = new Map<string, number>();
    let sent = 0;
    const worker = async () => {
      let socket: RawSocket | null = null;
      while (sent < FRAMES) {
        const index = sent++;
        const frame = next();
        kinds.set(frame.kind, (kinds.get(frame.kind) ?? 0) + 1);
        if (!socket || socket.ended) {
          socket = await RawSocket.open(server.port, path);
          tally.sockets++;
        }
        const result =
          'announce' in frame
            ? await socket.announce(frame.announce)
            : await socket.probe(frame.data);
        if (result.accepted) tally.accepted++;
        else tally.closed++;
        const problem = judge(frame, result);
        if (problem) wrong.push(`#${index} ${frame.kind}: ${problem}`);
        if (!result.accepted) {
          socket.destroy();
          socket = null;
        }
      }
      socket?.destroy();
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    clearInterval(editing);

    expect(server.alive(), server.output()).toBe(true);
    expect(wrong.slice(0, 20), `seed ${SEED}`).toEqual([]);
    expect(tally.accepted + tally.closed).toBe(FRAMES);
    expect(kinds.size).toBeGreaterThanOrEqual(15);
    const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(await health.json()).toMatchObject({ ok: true });
    await vi.waitFor(
      async () => {
        const stats = (await (await fetch(`http://127.0.0.1:${server.port}/healthz`)).json()) as {
          connections: number;
        };
        expect(stats.connections).toBe(2);
      },
      { timeout: 5_000 },
    );

    // The good clients saw every one of their edits and agree with each other and with
    // what a newcomer loads from the server.
    const fresh = connect(resources, server, board);
    await whenSynced(fresh);
    await vi.waitFor(
      () => {
        expect(a.doc.getMap('good').size).toBe(edits);
        expect(Y.encodeStateVector(b.doc)).toEqual(Y.encodeStateVector(a.doc));
        expect(b.doc.getMap('good').toJSON()).toEqual(a.doc.getMap('good').toJSON());
        expect(fresh.doc.getMap('good').toJSON()).toEqual(a.doc.getMap('good').toJSON());
      },
      { timeout: 10_000 },
    );
    console.log(
      `fuzz seed ${SEED}: ${FRAMES} frames over ${tally.sockets} sockets, ` +
        `${tally.accepted} accepted, ${tally.closed} closed with a reason, ${edits} good edits`,
    );
  }, 300_000);
});
