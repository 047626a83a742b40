// Cross-node update latency: how long an edit takes to reach other clients when they are on
// the writer's node, and when they are on another node (through Redis), against one node
// without Redis. Prints a table; it is a measurement, not a pass/fail test.
//
//   ./jb node packages/sync/scripts/cross-node-latency.ts [--samples 600] [--rate 40] [--readers 2]
//
// Needs the machine's PostgreSQL and Redis (TEST_DATABASE_URL, TEST_REDIS_URL as for the
// tests). Every sync node is the real bin (`node apps/sync/src/main.ts`) in a process of its
// own; the clients (stock y-websocket providers) share this process and its clock.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import type { WebsocketProvider } from 'y-websocket';
import { Resources, boardId, connect, whenSynced } from '../src/test/helpers.ts';
import { createScaleOutEnv, spawnNode, type NodeProcess } from '../src/test/scale-out.ts';

const { values } = parseArgs({
  options: {
    samples: { type: 'string', default: '600' },
    rate: { type: 'string', default: '40' },
    readers: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '50' },
  },
});
const SAMPLES = Number(values.samples);
const RATE = Number(values.rate);
const READERS = Number(values.readers);
const WARMUP = Number(values.warmup);

interface Group {
  label: string;
  readers: WebsocketProvider[];
  latencies: number[];
}

/**
 * One writer on `writerNode` sets a key per edit whose value is the send time; each reader
 * notes (arrival - send) for every key it receives. Edits are paced at RATE a second, so
 * this measures delivery delay, not throughput.
 */
async function measure(
  resources: Resources,
  writerNode: NodeProcess,
  groups: { label: string; node: NodeProcess }[],
): Promise<Group[]> {
  const id = boardId('latency');
  const writer = connect(resources, writerNode, id);
  const measured: Group[] = groups.map(({ label, node }) => ({
    label,
    readers: Array.from({ length: READERS }, () => connect(resources, node, id)),
    latencies: [],
  }));
  await Promise.all([writer, ...measured.flatMap((g) => g.readers)].map(whenSynced));
  for (const group of measured) {
    for (const reader of group.readers) {
      reader.doc.getMap<number>('stamps').observe((event) => {
        const now = performance.now();
        for (const key of event.keysChanged) {
          const seq = Number(String(key).slice(1));
          const sent = reader.doc.getMap<number>('stamps').get(String(key));
          if (seq >= WARMUP && sent !== undefined) group.latencies.push(now - sent);
        }
      });
    }
  }
  const total = WARMUP + SAMPLES;
  for (let seq = 0; seq < total; seq++) {
    writer.doc.getMap<number>('stamps').set(`s${seq}`, performance.now());
    await new Promise((resolve) => setTimeout(resolve, 1_000 / RATE));
  }
  // Let the last edits land (or show up as missing in the count).
  const expected = SAMPLES * READERS;
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline && measured.some((g) => g.latencies.length < expected)) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return measured;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function row(cells: string[], widths: number[]): string {
  return cells
    .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
    .join('  ');
}

const resources = new Resources();
const env = await createScaleOutEnv();
const results: Group[] = [];
try {
  process.stderr.write('1 node, PostgreSQL, no Redis…\n');
  const single = await spawnNode(resources, env, { REDIS_URL: '' });
  results.push(
    ...(await measure(resources, single, [{ label: '1 node, same node', node: single }])),
  );
  await resources.closeAll();

  process.stderr.write('2 nodes, PostgreSQL + Redis…\n');
  const [a, b] = await Promise.all([spawnNode(resources, env), spawnNode(resources, env)]);
  results.push(
    ...(await measure(resources, a, [
      { label: '2 nodes + Redis, same node', node: a },
      { label: '2 nodes + Redis, other node', node: b },
    ])),
  );
} finally {
  await resources.closeAll();
  await env.close();
}

const cpu = cpus();
console.log(`# Cross-node update latency (${new Date().toISOString()})`);
console.log(
  `machine: ${cpu.length} cores, ${cpu[0]?.model ?? 'unknown'}; node ${process.version}; ` +
    `all on 127.0.0.1`,
);
console.log(
  `one writer, ${READERS} readers per row, ${RATE} edits/s, ${SAMPLES} measured edits ` +
    `after ${WARMUP} warm-up; latency = edit set on the writer -> observed by a reader`,
);
console.log('');
const widths = [30, 9, 9, 9, 9, 9];
console.log(row(['topology', 'received', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'], widths));
console.log(
  row(
    widths.map((w) => '-'.repeat(w)),
    widths,
  ),
);
for (const group of results) {
  const sorted = [...group.latencies].sort((x, y) => x - y);
  const fmt = (n: number) => n.toFixed(2);
  console.log(
    row(
      [
        group.label,
        `${sorted.length}/${SAMPLES * READERS}`,
        fmt(percentile(sorted, 50)),
        fmt(percentile(sorted, 90)),
        fmt(percentile(sorted, 99)),
        fmt(sorted.at(-1) ?? Number.NaN),
      ],
      widths,
    ),
  );
}
