import { round3 } from './channel.ts';
import { runClientJob } from './client-runner.ts';
import type { JoinJobResult } from './client-process.ts';
import { cpuMicros, memory, sampleRss } from './proc.ts';
import type { Scale } from './scale.ts';
import { startServer, type ServerSpec } from './servers.ts';
import { nowMicros } from './stamp.ts';
import type { TrafficOptions, TrafficResult } from './traffic.ts';

export type Better = 'lower' | 'higher';

export interface Metric {
  key: string;
  label: string;
  better: Better;
}

/** One scenario at one scale: run against every server, compared metric by metric. */
export interface Variant {
  id: string;
  title: string;
  metrics: Metric[];
  run(spec: ServerSpec, board: string): Promise<Record<string, number | null>>;
}

export type TrafficShape = Pick<
  TrafficOptions,
  'clients' | 'writers' | 'writeHz' | 'awarenessSenders' | 'awarenessHz'
>;

const trafficMetrics = (channel: 'doc' | 'awareness'): Metric[] => [
  { key: 'p50', label: 'latency p50 (ms)', better: 'lower' },
  { key: 'p95', label: 'latency p95 (ms)', better: 'lower' },
  { key: 'p99', label: 'latency p99 (ms)', better: 'lower' },
  {
    key: 'delivery',
    label: `delivery ratio (${channel === 'doc' ? 'updates' : 'awareness'})`,
    better: 'higher',
  },
  { key: 'delivered', label: 'messages delivered / s', better: 'higher' },
  { key: 'cpuPercent', label: 'server CPU (% of a core)', better: 'lower' },
  { key: 'cpuPerMessageUs', label: 'server CPU per delivered msg (µs)', better: 'lower' },
  { key: 'rssPerConnKiB', label: 'RSS per connection (KiB)', better: 'lower' },
  { key: 'rssMiB', label: 'server RSS at end (MiB)', better: 'lower' },
  { key: 'closedEarly', label: 'clients closed by server', better: 'lower' },
  { key: 'clientCpuPercent', label: 'client process CPU (%, info)', better: 'lower' },
];

export function trafficVariant(
  id: string,
  title: string,
  shape: TrafficShape,
  scale: Scale,
): Variant {
  const channel = shape.writers > 0 ? 'doc' : 'awareness';
  return {
    id,
    title,
    metrics: trafficMetrics(channel),
    async run(spec, board) {
      const server = await startServer(spec);
      try {
        const rssBefore = memory(server.pid).rssKiB;
        let cpuStart = 0;
        let cpuEnd = 0;
        let windowStart = 0;
        let windowEnd = 0;
        let rssEnd = 0;
        const result = await runClientJob<TrafficResult>(
          {
            type: 'traffic',
            options: {
              ...shape,
              url: server.url(board),
              dialect: spec.dialect,
              board,
              warmupMs: scale.warmupMs,
              measureMs: scale.measureMs,
            },
          },
          (phase) => {
            if (phase === 'measure-start') {
              cpuStart = cpuMicros(server.pid);
              windowStart = nowMicros();
            } else if (phase === 'measure-end') {
              cpuEnd = cpuMicros(server.pid);
              windowEnd = nowMicros();
              rssEnd = memory(server.pid).rssKiB;
            }
          },
        );
        const measured = result[channel]!;
        const cpu = cpuEnd - cpuStart;
        const seconds = (windowEnd - windowStart) / 1e6;
        return {
          p50: measured.latencyMs.p50,
          p95: measured.latencyMs.p95,
          p99: measured.latencyMs.p99,
          delivery: measured.deliveryRatio,
          delivered: Math.round(measured.delivered / seconds),
          cpuPercent: round3((cpu / 1e6 / seconds) * 100),
          cpuPerMessageUs: measured.delivered === 0 ? null : round3(cpu / measured.delivered),
          rssPerConnKiB: round3((rssEnd - rssBefore) / shape.clients),
          rssMiB: round3(rssEnd / 1024),
          closedEarly: result.closedEarly,
          clientCpuPercent: result.clientCpuPercent,
        };
      } finally {
        await server.stop();
      }
    },
  };
}

export function joinVariant(scale: Scale): Variant {
  return {
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
    ],
    async run(spec, board) {
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
    },
  };
}

export function variantsFor(scale: Scale): Variant[] {
  const variants: Variant[] = [];
  const measured = `${scale.measureMs / 1000} s window`;
  for (const scenario of scale.scenarios) {
    if (scenario === 'fanout') {
      for (const n of scale.fanoutSizes) {
        variants.push(
          trafficVariant(
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
          'cursors',
          `cursor flood: ${n} clients, each sends awareness at ${scale.cursorHz} Hz (${measured})`,
          { clients: n, writers: 0, writeHz: 0, awarenessSenders: n, awarenessHz: scale.cursorHz },
          scale,
        ),
      );
    } else {
      variants.push(joinVariant(scale));
    }
  }
  return variants;
}
