import { round3 } from './channel.ts';
import { runClientJob } from './client-runner.ts';
import { cpuMicros, memory } from './proc.ts';
import type { Values } from './report.ts';
import type { Scale } from './scale.ts';
import { startBenchServer, type RunningServer, type ServerSpec } from './servers.ts';
import { nowMicros } from './stamp.ts';
import type { TrafficOptions, TrafficResult } from './traffic.ts';
import { perServer, type Metric, type Variant } from './variant.ts';

export type TrafficShape = Pick<
  TrafficOptions,
  'clients' | 'writers' | 'writeHz' | 'awarenessSenders' | 'awarenessHz'
>;

export const latencyMetrics: Metric[] = [
  { key: 'p50', label: 'latency p50 (ms)', better: 'lower' },
  { key: 'p95', label: 'latency p95 (ms)', better: 'lower' },
  { key: 'p99', label: 'latency p99 (ms)', better: 'lower' },
];

/**
 * Memory a connection holds (sampled once every client has joined, before traffic) and
 * what traffic adds on top (heap growth under load: young generation, buffers, caches),
 * apart: one figure for both charged the traffic's heap growth to the connections.
 */
export const memoryMetrics: Metric[] = [
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
  { key: 'rssIdleMiB', label: 'server RSS idle, before clients (MiB)', better: 'lower' },
  { key: 'rssMiB', label: 'server RSS at end (MiB)', better: 'lower' },
  { key: 'rssPeakMiB', label: 'server peak RSS (MiB)', better: 'lower' },
  { key: 'closedEarly', label: 'clients closed by server', better: 'lower' },
  { key: 'clientCpuPercent', label: 'client process CPU (%, info)', better: 'lower' },
];

/** One traffic run against one or more running servers that share the board. */
export interface MeasuredTraffic {
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
  /** The highest RSS each server reached, read at the end of the window (VmHWM). */
  rssPeak: number[];
}

export async function measureTraffic(
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
  let rssPeak: number[] = [];
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
        const end = pids.map(memory);
        rssEnd = end.map((m) => m.rssKiB);
        rssPeak = end.map((m) => m.peakRssKiB);
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
    rssPeak,
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The trafficMetrics figures; CPU and RSS are summed over the servers. */
export function trafficValues(
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
    rssIdleMiB: round3(sum(measured.rssBefore) / 1024),
    rssMiB: round3(rssEnd / 1024),
    rssPeakMiB: round3(sum(measured.rssPeak) / 1024),
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
      const server = await startBenchServer(spec, scale.databaseUrl);
      try {
        const measured = await measureTraffic([server], shape, scale, board, false);
        return trafficValues(measured, channel, shape.clients);
      } finally {
        await server.stop();
      }
    },
  );
}
