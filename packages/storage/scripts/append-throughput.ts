/**
 * Prints append throughput of both adapters; a measurement, not a pass/fail test.
 *   ./jb node packages/storage/scripts/append-throughput.ts
 * PostgreSQL runs in a throwaway database on TEST_DATABASE_URL (default: the local test
 * server), dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPostgresStorage, createSqliteStorage, type Storage } from '../src/index.ts';
import { createTestDatabase } from '@journeyboard/storage/testing';

const SINGLE = 10_000;
const BATCHES = 100;
const BATCH_SIZE = 100;
/** About the size of one keystroke's Yjs update. */
const UPDATE_BYTES = 64;

async function timed(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

function row(label: string, updates: number, ms: number): string {
  const perSecond = Math.round((updates / ms) * 1000);
  return `  ${label.padEnd(34)} ${ms.toFixed(0).padStart(7)} ms  ${String(perSecond).padStart(8)} updates/s`;
}

async function measure(name: string, storage: Storage): Promise<void> {
  const update = () => randomBytes(UPDATE_BYTES);
  await storage.boards.create({ id: 'single', title: 'single' });
  await storage.boards.create({ id: 'batched', title: 'batched' });

  const single = await timed(async () => {
    for (let i = 0; i < SINGLE; i++) await storage.updates.append('single', [update()]);
  });
  const batched = await timed(async () => {
    for (let i = 0; i < BATCHES; i++) {
      await storage.updates.append('batched', Array.from({ length: BATCH_SIZE }, update));
    }
  });
  let loaded = 0;
  const load = await timed(async () => {
    loaded = (await storage.updates.load('single')).length;
  });

  console.log(`${name}`);
  console.log(row(`${SINGLE} single-update appends`, SINGLE, single));
  console.log(row(`${BATCHES} batches of ${BATCH_SIZE}`, BATCHES * BATCH_SIZE, batched));
  console.log(row(`load of ${loaded} entries`, loaded, load));
}

const dir = await mkdtemp(path.join(tmpdir(), 'jb-bench-'));
const sqlite = createSqliteStorage({ file: path.join(dir, 'journeyboard.db') });
try {
  await measure('sqlite (WAL, synchronous=NORMAL)', sqlite);
} finally {
  await sqlite.close();
  await rm(dir, { recursive: true, force: true });
}

const database = await createTestDatabase();
try {
  const postgres = await createPostgresStorage({ connectionString: database.url });
  try {
    await measure('postgres (synchronous_commit as configured on the server)', postgres);
  } finally {
    await postgres.close();
  }
} finally {
  await database.drop();
}
