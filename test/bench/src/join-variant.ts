import { round3 } from './channel.ts';
import type { JoinJobResult } from './client-process.ts';
import { runClientJob } from './client-runner.ts';
import { cpuMicros, memory, sampleRss } from './proc.ts';
import type { Scale } from './scale.ts';
import { startBenchServer, type ServerSpec } from './servers.ts';
import { perServer, type Metric, type Variant } from './variant.ts';

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
  // The raw relay holds no document: there is nothing to join.
  const withDocument = servers.filter((s) => s.hasDocument);
  return perServer(withDocument, variant, async (spec, board) => {
    const server = await startBenchServer(spec, scale.databaseUrl);
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
