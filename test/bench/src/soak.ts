import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { killAllChildren } from './children.ts';
import { BenchClient } from './client.ts';
import { cpuMicros, memory } from './proc.ts';
import { serverSpecs, startServer } from './servers.ts';
import { createWire, encodeAwarenessState } from './wire.ts';

const USAGE = `usage: ./jb bench --soak [options]
Holds many connections on many boards against our server for a long time, with steady
edits, presence and reconnect churn, and compares the server's RSS at the end with its
RSS after warm-up (target: within 10%). Not part of CI.
  --minutes 10          measured duration after warm-up
  --warmup-minutes 1
  --connections 1000    spread evenly over the boards
  --boards 100
  --write-hz 2          edits per second per board (one writer per board)
  --presence-hz 1       awareness updates per second per connection
  --churn-per-s 10      connections closed and reopened per second`;

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--soak'),
  options: {
    help: { type: 'boolean', short: 'h' },
    minutes: { type: 'string', default: '10' },
    'warmup-minutes': { type: 'string', default: '1' },
    connections: { type: 'string', default: '1000' },
    boards: { type: 'string', default: '100' },
    'write-hz': { type: 'string', default: '2' },
    'presence-hz': { type: 'string', default: '1' },
    'churn-per-s': { type: 'string', default: '10' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const num = (name: keyof typeof values) => {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
  return value;
};
const minutes = num('minutes');
const warmupMinutes = num('warmup-minutes');
const connections = num('connections');
const boardCount = num('boards');
const writeHz = num('write-hz');
const presenceHz = num('presence-hz');
const churnPerSecond = num('churn-per-s');

process.on('exit', killAllChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}

const spec = serverSpecs('sqlite').find((s) => s.id === 'ours')!;
const server = await startServer(spec);
const run = randomBytes(3).toString('hex');
const boards = Array.from({ length: boardCount }, (_, i) => `soak-${run}-${i}`);
const perBoard = Math.ceil(connections / boardCount);

interface Slot {
  board: string;
  index: number;
  client: BenchClient;
  /** Awareness client id: new for every connection, as a new browser tab's would be. */
  clientID: number;
  clock: number;
}

let nextClientID = 1_000_000;

function open(board: string, index: number): BenchClient {
  return new BenchClient({
    url: server.url(board),
    wire: createWire(spec.dialect, board),
    index,
    senders: perBoard,
    doc: null,
    awareness: null,
    // The first client of each board keeps a document and writes; the rest only read.
    writer: index % perBoard === 0,
  });
}

console.log('# Journeyboard sync soak');
console.log(
  `${connections} connections over ${boardCount} boards; ${writeHz} edits/s per board, ` +
    `presence ${presenceHz} Hz per connection, ${churnPerSecond} reconnects/s; ` +
    `${warmupMinutes} min warm-up, ${minutes} min measured`,
);
const slots: Slot[] = [];
for (let i = 0; i < connections; i += 50) {
  const batch: Slot[] = [];
  for (let j = i; j < Math.min(connections, i + 50); j++) {
    const board = boards[Math.floor(j / perBoard)]!;
    batch.push({ board, index: j, client: open(board, j), clientID: nextClientID++, clock: 0 });
  }
  await Promise.all(batch.map((s) => s.client.synced));
  slots.push(...batch);
}
console.log(`connected ${slots.length} clients`);

let edits = 0;
let reconnects = 0;
let failures = 0;
const timers: NodeJS.Timeout[] = [];
const writers = slots.filter((s) => s.index % perBoard === 0);
if (writeHz > 0) {
  timers.push(
    setInterval(() => {
      for (const slot of writers) {
        const doc = slot.client.doc;
        if (!doc || slot.client.closedEarly) continue;
        // One key rewritten over and over: Yjs merges the run of overwritten entries, so
        // the board itself stays small and what grows would be the server's leftovers.
        doc.getMap('entries').set('card', `edit ${edits} at ${Date.now()}`);
        edits++;
      }
    }, 1000 / writeHz),
  );
}
if (presenceHz > 0) {
  timers.push(
    setInterval(() => {
      for (const slot of slots) {
        const wire = createWire(spec.dialect, slot.board);
        const state = { user: { name: `soak ${slot.index}` }, cursor: { x: slot.clock % 1600 } };
        slot.client.send(wire.awareness(encodeAwarenessState(slot.clientID, ++slot.clock, state)));
      }
    }, 1000 / presenceHz),
  );
}
let churnAt = 0;
if (churnPerSecond > 0) {
  timers.push(
    setInterval(() => {
      for (let k = 0; k < churnPerSecond; k++) {
        // Readers only: a writer's document would start over and rewrite its keys.
        const slot = slots[churnAt++ % slots.length]!;
        if (slot.index % perBoard === 0) continue;
        const old = slot.client;
        slot.client = open(slot.board, slot.index);
        slot.clientID = nextClientID++;
        slot.clock = 0;
        slot.client.synced.catch(() => failures++);
        void old.close();
        reconnects++;
      }
    }, 1000),
  );
}

const rssMiB = () => Math.round((memory(server.pid).rssKiB / 1024) * 10) / 10;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const stats = async () => {
  const response = await fetch(`http://127.0.0.1:${server.port}/healthz`);
  return (await response.json()) as { connections: number; boards: number };
};

/**
 * RSS swings by a hundred MiB as V8 grows and shrinks its heap, so one reading says little:
 * "RSS after warm-up" and "RSS at end" are each the median of the readings (every 5 s) in
 * the last 30 s before that point.
 */
const SAMPLE_MS = 5_000;
const WINDOW = 6;
const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)]!;
};
/** The server's live heap (MiB), from its /metrics: what tells a leak from heap growth. */
const heapMiB = async () => {
  const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
  const bytes = Number(/^journeyboard_sync_heap_used_bytes (\d+)$/m.exec(text)?.[1]);
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
};
const readings: { at: number; rss: number; heap: number }[] = [];
const sampler = setInterval(() => {
  const at = Date.now();
  const rss = rssMiB();
  void heapMiB().then(
    (heap) => readings.push({ at, rss, heap }),
    () => readings.push({ at, rss, heap: Number.NaN }),
  );
}, SAMPLE_MS);
timers.push(sampler);

await sleep(warmupMinutes * 60_000);
const warm = median(readings.slice(-WINDOW).map((r) => r.rss));
const warmHeap = median(readings.slice(-WINDOW).map((r) => r.heap));
const cpuStart = cpuMicros(server.pid);
const started = Date.now();
console.log(
  `after warm-up: server RSS ${warm} MiB, live heap ${warmHeap} MiB (medians of the last 30 s; ` +
    `load ${load()})`,
);
while (Date.now() - started < minutes * 60_000) {
  await sleep(Math.min(60_000, minutes * 60_000 - (Date.now() - started)));
  const health = await stats();
  console.log(
    `${((Date.now() - started) / 60_000).toFixed(1).padStart(5)} min  RSS ${rssMiB()} MiB  ` +
      `heap ${readings.at(-1)?.heap ?? '?'} MiB  ` +
      `connections ${health.connections}  boards ${health.boards}  edits ${edits}  ` +
      `reconnects ${reconnects}  load ${load()}`,
  );
}
const measuredReadings = readings.filter((r) => r.at >= started);
const measured = measuredReadings.map((r) => r.rss);
const end = median(measured.slice(-WINDOW));
const endHeap = median(measuredReadings.slice(-WINDOW).map((r) => r.heap));
const heapChange = ((endHeap - warmHeap) / warmHeap) * 100;
const cpuSeconds = (cpuMicros(server.pid) - cpuStart) / 1e6;
const change = ((end - warm) / warm) * 100;
const closedByServer = slots.filter((s) => s.client.closedEarly).length;
for (const timer of timers) clearInterval(timer);

console.log('\n## soak result');
console.log(`RSS after warm-up      ${warm} MiB`);
console.log(`RSS at end             ${end} MiB (${change >= 0 ? '+' : ''}${change.toFixed(1)}%)`);
console.log(
  `RSS min / max         ${Math.min(...measured)} / ${Math.max(...measured)} MiB ` +
    `(${measured.length} readings)`,
);
console.log(
  `live heap              ${warmHeap} MiB after warm-up, ${endHeap} MiB at end ` +
    `(${heapChange >= 0 ? '+' : ''}${heapChange.toFixed(1)}%)`,
);
console.log(`server CPU            ${((cpuSeconds / (minutes * 60)) * 100).toFixed(1)}% of a core`);
console.log(`edits / reconnects    ${edits} / ${reconnects} (failed reconnects: ${failures})`);
console.log(`clients closed by server at end: ${closedByServer}`);
console.log(`target (end within 10% of warm-up): ${Math.abs(change) <= 10 ? 'met' : 'MISSED'}`);

await Promise.all(slots.map((s) => s.client.close()));
await server.stop();
process.exit(0);
