import { setTimeout as sleep } from 'node:timers/promises';
import * as Y from 'yjs';
import { round3 } from './channel.ts';
import { BenchClient } from './client.ts';
import { nowMicros } from './stamp.ts';
import { createWire, type Dialect, type Wire } from './wire.ts';

export interface BoardTarget {
  url: string;
  dialect: Dialect;
  board: string;
}

export interface Preloaded {
  /** Size of the document as a full-state update. */
  stateBytes: number;
  /** The loading client stays connected: servers without storage drop an empty room. */
  close(): Promise<void>;
}

/**
 * One client fills the board with `entries` map entries of about `valueBytes` each, in
 * transactions of 1,000, then waits until a fresh client receives all of it.
 */
export async function preloadBoard(
  target: BoardTarget,
  entries: number,
  valueBytes: number,
  timeoutMs = 60_000,
): Promise<Preloaded> {
  const wire = createWire(target.dialect, target.board);
  const loader = newClient(target, wire, 0, true);
  try {
    await loader.synced;
    const doc = loader.doc!;
    // A plain map: entity roots such as `cards` take only entity maps (the shape policy).
    const map = doc.getMap<string>('entries');
    const filler = 'x'.repeat(Math.max(0, valueBytes - 24));
    for (let i = 0; i < entries; i += 1000) {
      doc.transact(() => {
        for (let j = i; j < Math.min(entries, i + 1000); j++) {
          map.set(`card-${j.toString().padStart(6, '0')}`, `${j}:${filler}`);
        }
      });
    }
    const stateBytes = Y.encodeStateAsUpdate(doc).length;
    const deadline = Date.now() + timeoutMs;
    let received = await probeSyncBytes(target, wire);
    while (received < stateBytes) {
      if (Date.now() > deadline) {
        throw new Error(
          `the server holds ${received} of ${stateBytes} bytes after ${timeoutMs} ms`,
        );
      }
      await sleep(250);
      received = await probeSyncBytes(target, wire);
    }
    return { stateBytes, close: () => loader.close() };
  } catch (err) {
    await loader.close();
    throw err;
  }
}

async function probeSyncBytes(target: BoardTarget, wire: Wire): Promise<number> {
  const probe = newClient(target, wire, 1, false);
  try {
    await probe.synced;
    return probe.syncBytes;
  } finally {
    await probe.close();
  }
}

export interface JoinStormResult {
  clients: number;
  synced: number;
  /** From the first socket opening to the last client holding the whole board. */
  allSyncedMs: number | null;
  p50SyncMs: number | null;
  p95SyncMs: number | null;
  minSyncBytes: number;
}

/** Opens every socket at once and waits until each has received the board. */
export async function joinStorm(
  target: BoardTarget,
  count: number,
  timeoutMs = 60_000,
): Promise<JoinStormResult> {
  const wire = createWire(target.dialect, target.board);
  const started = nowMicros();
  const clients = Array.from({ length: count }, (_, i) => newClient(target, wire, 2 + i, false));
  const cancel = new AbortController();
  try {
    const timeout = sleep(timeoutMs, null, { signal: cancel.signal }).catch(() => null);
    const times = await Promise.all(
      clients.map((c) =>
        Promise.race([c.synced.then((at) => (at - started) / 1000).catch(() => null), timeout]),
      ),
    );
    const done = times.filter((t): t is number => t !== null).sort((a, b) => a - b);
    const at = (q: number) =>
      done.length === 0
        ? null
        : round3(done[Math.min(done.length - 1, Math.floor(q * done.length))]!);
    return {
      clients: count,
      synced: done.length,
      allSyncedMs: done.length === count ? round3(done[done.length - 1]!) : null,
      p50SyncMs: at(0.5),
      p95SyncMs: at(0.95),
      minSyncBytes: Math.min(...clients.map((c) => c.syncBytes)),
    };
  } finally {
    cancel.abort();
    await Promise.all(clients.map((c) => c.close()));
  }
}

function newClient(target: BoardTarget, wire: Wire, index: number, writer: boolean) {
  return new BenchClient({
    url: target.url,
    wire,
    index,
    senders: 1,
    doc: null,
    awareness: null,
    writer,
  });
}
