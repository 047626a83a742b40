import { round3 } from './channel.ts';
import { runClientJob } from './client-runner.ts';
import type { JoinJobResult } from './client-process.ts';
import { cpuMicros, memory, sampleRss } from './proc.ts';
import type { Scale } from './scale.ts';
import type { RatioRule, Values } from './report.ts';
import { createScaleOutEnv } from './scale-out-env.ts';
import { startServer, type RunningServer, type ServerSpec } from './servers.ts';
import { nowMicros } from './stamp.ts';
import type { TrafficOptions, TrafficResult } from './traffic.ts';

export type Better = 'lower' | 'higher';

export interface Metric {
  key: string;
  label: string;
  better: Better;
}

/** What a variant's columns share, from before the first column to after the last. */
export interface VariantSession {
  /** Runs one column on a board of its own and returns its figures. */
  run(column: string, board: string): Promise<Values>;
  close(): Promise<void>;
  /** Printed under the table (e.g. what the servers logged). */
  notes?: string[];
}

/**
 * One scenario at one scale, compared metric by metric across columns: every server, or
 * setups of ours (1 node, 2 nodes).
 */
export interface Variant {
  id: string;
  title: string;
  metrics: Metric[];
  columns: string[];
  ratio: RatioRule;
  /** Sets up what the columns share; throws (with the reason) when it cannot. */
  open(): Promise<VariantSession>;
}

/** A variant whose columns are the servers, compared as ours ÷ best peer. */
function perServer(
  servers: ServerSpec[],
  variant: Pick<Variant, 'id' | 'title' | 'metrics'>,
  run: (spec: ServerSpec, board: string) => Promise<Values>,
): Variant {
  return {
    ...variant,
    columns: servers.map((s) => s.id),
    ratio: { kind: 'best-peer' },
    open: () =>
      Promise.resolve({
        run: (column, board) =>
          run(
            servers.find((s) => s.id === column)!,
            board,
          ),
        close: () => Promise.resolve(),
      }),
  };
}

export type TrafficShape = Pick<
  TrafficOptions,
  'clients' | 'writers' | 'writeHz' | 'awarenessSenders' | 'awarenessHz'
>;

const latencyMetrics: Metric[] = [
  { key: 'p50', label: 'latency p50 (ms)', better: 'lower' },
  { key: 'p95', label: 'latency p95 (ms)', better: 'lower' },
  { key: 'p99', label: 'latency p99 (ms)', better: 'lower' },
];

/**
 * Memory a connection holds (sampled once every client has joined, before traffic) and
 * what traffic adds on top (heap growth under load: young generation, buffers, caches),
 * apart: one figure for both charged the traffic's heap growth to the connections.
 */
const memoryMetrics: Metric[] = [
  { key: 'rssPerConnKiB', label: 'RSS per connection, joined (KiB)', better: 'lower' },
  { key: 'rssGrowthMiB', label: 'RSS growth under traffic (MiB)', better: 'lower' },
];

const trafficMetrics = (channel: 'doc' | 'awareness'): Metric[] => [
  ...latencyMetrics,
  {
    key: 'delivery',
    label: `delivery ratio (${channel === 'doc' ? 'updates' : 'awareness'})`,
    better: 'higher',
  },
  { key: 'delivered', label: 'messages delivered / s', better: 'higher' },
  { key: 'cpuPercent', label: 'server CPU (% of a core)', better: 'lower' },
  { key: 'cpuPerMessageUs', label: 'server CPU per delivered msg (µs)', better: 'lower' },
  ...memoryMetrics,
  { key: 'rssMiB', label: 'server RSS at end (MiB)', better: 'lower' },
  { key: 'closedEarly', label: 'clients closed by server', better: 'lower' },
  { key: 'clientCpuPercent', label: 'client process CPU (%, info)', better: 'lower' },
];

/** One traffic run against one or more running servers that share the board. */
interface MeasuredTraffic {
  result: TrafficResult;
  seconds: number;
  /**
   * Per server, in the order given: CPU in the window (µs); RSS before the clients came,
   * once they had all joined, and at the end of the window (KiB).
   */
  cpu: number[];
  rssBefore: number[];
  rssJoined: number[];
  rssEnd: number[];
}

async function measureTraffic(
  servers: RunningServer[],
  shape: TrafficShape,
  scale: Scale,
  board: string,
  spreadOverServers: boolean,
  drain: Pick<TrafficOptions, 'drainMs' | 'drainQuietMs'> = {},
): Promise<MeasuredTraffic> {
  const pids = servers.map((s) => s.pid);
  const rssBefore = pids.map((pid) => memory(pid).rssKiB);
  let cpuStart: number[] = [];
  let cpuEnd: number[] = [];
  let rssJoined: number[] = [];
  let rssEnd: number[] = [];
  let windowStart = 0;
  let windowEnd = 0;
  const first = servers[0]!;
  const result = await runClientJob<TrafficResult>(
    {
      type: 'traffic',
      options: {
        ...shape,
        url: first.url(board),
        ...(spreadOverServers ? { nodeUrls: servers.map((s) => s.url(board)) } : {}),
        dialect: first.spec.dialect,
        board,
        warmupMs: scale.warmupMs,
        measureMs: scale.measureMs,
        ...drain,
      },
    },
    (phase) => {
      if (phase === 'connected') {
        rssJoined = pids.map((pid) => memory(pid).rssKiB);
      } else if (phase === 'measure-start') {
        cpuStart = pids.map(cpuMicros);
        windowStart = nowMicros();
      } else if (phase === 'measure-end') {
        cpuEnd = pids.map(cpuMicros);
        windowEnd = nowMicros();
        rssEnd = pids.map((pid) => memory(pid).rssKiB);
      }
    },
  );
  return {
    result,
    seconds: (windowEnd - windowStart) / 1e6,
    cpu: cpuEnd.map((end, i) => end - cpuStart[i]!),
    rssBefore,
    rssJoined,
    rssEnd,
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The trafficMetrics figures; CPU and RSS are summed over the servers. */
function trafficValues(
  measured: MeasuredTraffic,
  channel: 'doc' | 'awareness',
  clients: number,
): Values {
  const { result, seconds } = measured;
  const figures = result[channel]!;
  const cpu = sum(measured.cpu);
  const rssEnd = sum(measured.rssEnd);
  return {
    p50: figures.latencyMs.p50,
    p95: figures.latencyMs.p95,
    p99: figures.latencyMs.p99,
    delivery: figures.deliveryRatio,
    delivered: Math.round(figures.delivered / seconds),
    cpuPercent: round3((cpu / 1e6 / seconds) * 100),
    cpuPerMessageUs: figures.delivered === 0 ? null : round3(cpu / figures.delivered),
    rssPerConnKiB: round3((sum(measured.rssJoined) - sum(measured.rssBefore)) / clients),
    rssGrowthMiB: round3((rssEnd - sum(measured.rssJoined)) / 1024),
    rssMiB: round3(rssEnd / 1024),
    closedEarly: result.closedEarly,
    clientCpuPercent: result.clientCpuPercent,
  };
}

export function trafficVariant(
  servers: ServerSpec[],
  id: string,
  title: string,
  shape: TrafficShape,
  scale: Scale,
): Variant {
  const channel = shape.writers > 0 ? 'doc' : 'awareness';
  return perServer(
    servers,
    { id, title, metrics: trafficMetrics(channel) },
    async (spec, board) => {
      const server = await startServer(spec);
      try {
        const measured = await measureTraffic([server], shape, scale, board, false);
        return trafficValues(measured, channel, shape.clients);
      } finally {
        await server.stop();
      }
    },
  );
}

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

export const TWO_NODES = 'ours, 2 nodes';
export const ONE_NODE = 'ours, 1 node';

/**
 * The fan-out on two of our sync nodes that share a board through PostgreSQL and Redis:
 * client i (writers included) is on node i % 2. Next to it, the same load on one node
 * with the same PostgreSQL and Redis, so the ratio is the cost of the second node and
 * the hop between nodes. A throwaway database and Redis key prefix serve both columns
 * and are deleted at the end.
 */
export function twoNodeFanoutVariant(ours: ServerSpec, scale: Scale): Variant {
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
    columns: [TWO_NODES, ONE_NODE],
    ratio: { kind: 'pair', label: '2 nodes ÷ 1 node', numerator: TWO_NODES, denominator: ONE_NODE },
    async open() {
      const env = await createScaleOutEnv(scale.databaseUrl, scale.redisUrl);
      const notes: string[] = [];
      return {
        notes,
        async run(column, board) {
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

export function joinVariant(servers: ServerSpec[], scale: Scale): Variant {
  const variant = {
    id: 'join',
    title:
      `join storm: ${scale.joinClients} clients join at once a board of ` +
      `${scale.joinEntries.toLocaleString('en')} entries`,
    metrics: [
      { key: 'allSyncedMs', label: 'time until all synced (ms)', better: 'lower' },
      { key: 'p50SyncMs', label: 'time to sync p50 (ms)', better: 'lower' },
      { key: 'synced', label: 'clients synced', better: 'higher' },
      { key: 'cpuMs', label: 'server CPU during storm (ms)', better: 'lower' },
      { key: 'peakRssMiB', label: 'server peak RSS (MiB)', better: 'lower' },
      { key: 'rssGrowthMiB', label: 'RSS growth in storm (MiB)', better: 'lower' },
      { key: 'boardMiB', label: 'board state (MiB, info)', better: 'lower' },
    ] satisfies Metric[],
  };
  return perServer(servers, variant, async (spec, board) => {
    const server = await startServer(spec);
    try {
      let cpuStart = 0;
      let cpuEnd = 0;
      let rssStart = 0;
      let peak = 0;
      let sampler: { stop(): number } | null = null;
      const result = await runClientJob<JoinJobResult>(
        {
          type: 'join',
          target: { url: server.url(board), dialect: spec.dialect, board },
          entries: scale.joinEntries,
          valueBytes: scale.joinValueBytes,
          clients: scale.joinClients,
        },
        (phase) => {
          if (phase === 'storm-start') {
            rssStart = memory(server.pid).rssKiB;
            sampler = sampleRss(server.pid);
            cpuStart = cpuMicros(server.pid);
          } else if (phase === 'storm-end') {
            cpuEnd = cpuMicros(server.pid);
            peak = sampler?.stop() ?? 0;
          }
        },
      );
      return {
        allSyncedMs: result.allSyncedMs,
        p50SyncMs: result.p50SyncMs,
        synced: result.synced,
        cpuMs: round3((cpuEnd - cpuStart) / 1000),
        peakRssMiB: round3(peak / 1024),
        rssGrowthMiB: round3((peak - rssStart) / 1024),
        boardMiB: round3(result.stateBytes / 1024 / 1024),
      };
    } finally {
      await server.stop();
    }
  });
}

/** The variants to run, in order; `servers` are the selected ones. */
export function variantsFor(scale: Scale, servers: ServerSpec[]): Variant[] {
  const variants: Variant[] = [];
  const measured = `${scale.measureMs / 1000} s window`;
  for (const scenario of scale.scenarios) {
    if (scenario === 'fanout') {
      for (const n of scale.fanoutSizes) {
        variants.push(
          trafficVariant(
            servers,
            `fanout-${n}`,
            `fan-out: ${n} clients, ${scale.fanoutWriters} writers × ${scale.fanoutHz} Hz (${measured})`,
            {
              clients: n,
              writers: scale.fanoutWriters,
              writeHz: scale.fanoutHz,
              awarenessSenders: 0,
              awarenessHz: 0,
            },
            scale,
          ),
        );
      }
    } else if (scenario === 'writers') {
      const n = scale.writersClients;
      variants.push(
        trafficVariant(
          servers,
          'writers',
          `many writers: ${n} clients, ${scale.writersCount} writers × ${scale.writersHz} Hz (${measured})`,
          {
            clients: n,
            writers: scale.writersCount,
            writeHz: scale.writersHz,
            awarenessSenders: 0,
            awarenessHz: 0,
          },
          scale,
        ),
      );
    } else if (scenario === 'cursors') {
      const n = scale.cursorClients;
      variants.push(
        trafficVariant(
          servers,
          'cursors',
          `cursor flood: ${n} clients, each sends awareness at ${scale.cursorHz} Hz (${measured})`,
          { clients: n, writers: 0, writeHz: 0, awarenessSenders: n, awarenessHz: scale.cursorHz },
          scale,
        ),
      );
    } else if (scenario === 'fanout-2nodes') {
      // Only ours scales out; the peers have no multi-node mode to compare with.
      const ours = servers.find((s) => s.id === 'ours');
      if (ours) variants.push(twoNodeFanoutVariant(ours, scale));
    } else {
      variants.push(joinVariant(servers, scale));
    }
  }
  return variants;
}
