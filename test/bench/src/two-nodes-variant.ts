import { round3 } from './channel.ts';
import type { Scale } from './scale.ts';
import { createScaleOutEnv } from './scale-out-env.ts';
import { startServer, type RunningServer, type ServerSpec } from './servers.ts';
import {
  latencyMetrics,
  measureTraffic,
  memoryMetrics,
  trafficValues,
  type TrafficShape,
} from './traffic-variant.ts';
import { RAW_RELAY, type Metric, type Variant } from './variant.ts';

/** Start-up and shutdown lines of a sync node: not worth a note. */
const ROUTINE_LOG = new Set([
  'redis connected',
  'sharing boards with other sync nodes through redis',
  'JOURNEYBOARD_NO_AUTH is on: no access checks, boards created on demand',
  'shutting down',
]);

/** A node's JSON log lines other than the routine ones, as "message ×count, …". */
function unusualLogLines(output: string): string {
  const counts = new Map<string, number>();
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    let msg: unknown;
    try {
      msg = (JSON.parse(line) as { msg?: unknown }).msg;
    } catch {
      continue;
    }
    if (typeof msg !== 'string') continue;
    if (!ROUTINE_LOG.has(msg)) counts.set(msg, (counts.get(msg) ?? 0) + 1);
  }
  return [...counts].map(([msg, n]) => `"${msg}" ×${n}`).join(', ');
}

const TWO_NODES = 'ours, 2 nodes';
const ONE_NODE = 'ours, 1 node';

/**
 * The fan-out on two of our sync nodes that share a board through PostgreSQL and Redis:
 * client i (writers included) is on node i % 2. Next to it, the same load on one node
 * with the same PostgreSQL and Redis, so the ratio is the cost of the second node and
 * the hop between nodes. A throwaway database and Redis key prefix serve both columns
 * and are deleted at the end. With `relay`, the raw relay runs the same load as the floor.
 */
export function twoNodeFanoutVariant(
  ours: ServerSpec,
  relay: ServerSpec | undefined,
  scale: Scale,
): Variant {
  const n = scale.crossNodeClients;
  const shape: TrafficShape = {
    clients: n,
    writers: scale.fanoutWriters,
    writeHz: scale.fanoutHz,
    awarenessSenders: 0,
    awarenessHz: 0,
  };
  const perNode = (what: string, key: string, unit: string, node: string): Metric => ({
    key: `${key}${node}`,
    label: `node ${node} ${what} (${unit})`,
    better: 'lower',
  });
  const metrics: Metric[] = [
    ...latencyMetrics,
    { key: 'sameP50', label: 'same-node latency p50 (ms)', better: 'lower' },
    { key: 'sameP99', label: 'same-node latency p99 (ms)', better: 'lower' },
    { key: 'crossP50', label: 'cross-node latency p50 (ms)', better: 'lower' },
    { key: 'crossP99', label: 'cross-node latency p99 (ms)', better: 'lower' },
    { key: 'delivery', label: 'delivery ratio (updates)', better: 'higher' },
    { key: 'sameDelivery', label: 'same-node delivery ratio', better: 'higher' },
    { key: 'crossDelivery', label: 'cross-node delivery ratio', better: 'higher' },
    { key: 'delivered', label: 'messages delivered / s', better: 'higher' },
    { key: 'cpuPercent', label: 'server CPU, all nodes (% of a core)', better: 'lower' },
    perNode('CPU', 'cpuPercent', '% of a core', 'A'),
    perNode('CPU', 'cpuPercent', '% of a core', 'B'),
    { key: 'cpuPerMessageUs', label: 'server CPU per delivered msg (µs)', better: 'lower' },
    ...memoryMetrics,
    { key: 'rssMiB', label: 'server RSS at end, all nodes (MiB)', better: 'lower' },
    perNode('RSS at end', 'rssMiB', 'MiB', 'A'),
    perNode('RSS at end', 'rssMiB', 'MiB', 'B'),
    { key: 'closedEarly', label: 'clients closed by server', better: 'lower' },
    { key: 'clientCpuPercent', label: 'client process CPU (%, info)', better: 'lower' },
  ];
  return {
    id: 'fanout-2nodes',
    title:
      `fan-out across 2 nodes: ${n} clients (half on each), ${shape.writers} writers × ` +
      `${shape.writeHz} Hz split over the nodes, PostgreSQL + Redis; vs 1 node on the same ` +
      `(${scale.measureMs / 1000} s window)`,
    metrics,
    columns: relay ? [TWO_NODES, ONE_NODE, RAW_RELAY] : [TWO_NODES, ONE_NODE],
    ratios: [
      { kind: 'pair', label: '2 nodes ÷ 1 node', numerator: TWO_NODES, denominator: ONE_NODE },
      ...(relay
        ? [
            {
              kind: 'pair' as const,
              label: '1 node ÷ raw relay',
              numerator: ONE_NODE,
              denominator: RAW_RELAY,
            },
          ]
        : []),
    ],
    async open() {
      const env = await createScaleOutEnv(scale.databaseUrl, scale.redisUrl);
      const notes: string[] = [];
      return {
        notes,
        async run(column, board) {
          if (column === RAW_RELAY && relay) {
            const server = await startServer(relay);
            try {
              const measured = await measureTraffic([server], shape, scale, board, false);
              return trafficValues(measured, 'doc', n);
            } finally {
              await server.stop();
            }
          }
          const names = column === TWO_NODES ? ['A', 'B'] : ['A'];
          const nodes: RunningServer[] = [];
          try {
            // One after the other: the first node creates the schema in the new database.
            for (const name of names) {
              nodes.push(
                await startServer(ours, {
                  ...env.nodeEnv,
                  SYNC_NODE_ID: `bench-${name}`,
                  // Info is quiet on a sync node: catch-ups and lost heartbeats show up.
                  LOG_LEVEL: 'info',
                }),
              );
            }
            // A message between nodes takes a second hop that can stall on a busy
            // machine: wait longer before counting what is still missing as lost.
            const measured = await measureTraffic(nodes, shape, scale, board, true, {
              drainMs: 10_000,
              drainQuietMs: 2000,
            });
            const values = trafficValues(measured, 'doc', n);
            const byNode = measured.result.doc!.byNode!;
            values.sameP50 = byNode.sameNode.latencyMs.p50;
            values.sameP99 = byNode.sameNode.latencyMs.p99;
            values.crossP50 = byNode.crossNode.latencyMs.p50;
            values.crossP99 = byNode.crossNode.latencyMs.p99;
            values.sameDelivery = byNode.sameNode.deliveryRatio;
            values.crossDelivery = byNode.crossNode.deliveryRatio;
            for (const [i, name] of ['A', 'B'].entries()) {
              const cpu = measured.cpu[i];
              const rss = measured.rssEnd[i];
              values[`cpuPercent${name}`] =
                cpu === undefined ? null : round3((cpu / 1e6 / measured.seconds) * 100);
              values[`rssMiB${name}`] = rss === undefined ? null : round3(rss / 1024);
            }
            return values;
          } finally {
            await Promise.all(nodes.map((node) => node.stop()));
            for (const [i, node] of nodes.entries()) {
              const logged = unusualLogLines(node.output());
              if (logged) notes.push(`${column}, node ${names[i]} logged: ${logged}`);
            }
          }
        },
        close: () => env.close(),
      };
    },
  };
}
