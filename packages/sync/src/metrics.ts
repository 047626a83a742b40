import { getHeapStatistics } from 'node:v8';
import { Counter, Gauge, Registry } from 'prom-client';

/** Plain numbers bumped on the hot path; prom-client reads them only when scraped. */
export interface SyncCounters {
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  logAppends: number;
  compactions: number;
  /** Fan-out: stream entries from other nodes applied, and entries this node published. */
  redisMessagesIn: number;
  redisMessagesOut: number;
  /** Boards reloaded from storage to catch up (reconnect, trimmed stream, dead node). */
  catchUps: number;
  closes: Map<number, number>;
}

export function createCounters(): SyncCounters {
  return {
    messagesIn: 0,
    messagesOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    logAppends: 0,
    compactions: 0,
    redisMessagesIn: 0,
    redisMessagesOut: 0,
    catchUps: 0,
    closes: new Map(),
  };
}

export function countClose(counters: SyncCounters, code: number): void {
  counters.closes.set(code, (counters.closes.get(code) ?? 0) + 1);
}

/** A registry per server instance, so two servers in one process never share numbers. */
export function createMetricsRegistry(
  counters: SyncCounters,
  gauges: () => { connections: number; boards: number },
): Registry {
  const registry = new Registry();
  const registers = [registry];
  new Gauge({
    name: 'journeyboard_sync_connections',
    help: 'Open WebSocket connections',
    registers,
    collect() {
      this.set(gauges().connections);
    },
  });
  new Gauge({
    name: 'journeyboard_sync_boards_loaded',
    help: 'Boards held in memory',
    registers,
    collect() {
      this.set(gauges().boards);
    },
  });
  // RSS alone cannot tell a leak from V8 growing its heap under load; live heap can.
  new Gauge({
    name: 'journeyboard_sync_heap_used_bytes',
    help: 'Live JavaScript heap of the process, in bytes',
    registers,
    collect() {
      this.set(getHeapStatistics().used_heap_size);
    },
  });
  new Gauge({
    name: 'journeyboard_sync_resident_bytes',
    help: 'Resident memory of the process, in bytes',
    registers,
    collect() {
      this.set(process.memoryUsage.rss());
    },
  });
  const counter = (name: string, help: string, read: () => number) => {
    let reported = 0;
    new Counter({
      name,
      help,
      registers,
      collect() {
        const now = read();
        this.inc(now - reported);
        reported = now;
      },
    });
  };
  counter('journeyboard_sync_messages_in_total', 'Messages received', () => counters.messagesIn);
  counter('journeyboard_sync_messages_out_total', 'Messages sent', () => counters.messagesOut);
  counter('journeyboard_sync_bytes_in_total', 'Bytes received', () => counters.bytesIn);
  counter('journeyboard_sync_bytes_out_total', 'Bytes sent', () => counters.bytesOut);
  counter('journeyboard_sync_log_appends_total', 'Update log appends', () => counters.logAppends);
  counter(
    'journeyboard_sync_compactions_total',
    'Update log compactions',
    () => counters.compactions,
  );
  counter(
    'journeyboard_sync_redis_messages_in_total',
    'Stream entries from other nodes',
    () => counters.redisMessagesIn,
  );
  counter(
    'journeyboard_sync_redis_messages_out_total',
    'Stream entries published',
    () => counters.redisMessagesOut,
  );
  counter(
    'journeyboard_sync_catch_ups_total',
    'Boards reloaded from storage to catch up with other nodes',
    () => counters.catchUps,
  );
  const reportedCloses = new Map<number, number>();
  new Counter({
    name: 'journeyboard_sync_closes_total',
    help: 'Connections closed by the server, by close code',
    labelNames: ['code'],
    registers,
    collect() {
      for (const [code, now] of counters.closes) {
        this.inc({ code: String(code) }, now - (reportedCloses.get(code) ?? 0));
        reportedCloses.set(code, now);
      }
    },
  });
  return registry;
}
