import { setTimeout as sleep } from 'node:timers/promises';
import { Channel, round3, summarize, type LatencySummary, type NodeSplit } from './channel.ts';
import { BenchClient } from './client.ts';
import { stamp } from './stamp.ts';
import { createWire, encodeAwarenessState, type Dialect } from './wire.ts';

type Phase = 'connected' | 'measure-start' | 'measure-end';

export interface TrafficOptions {
  /** WebSocket URL that reaches the board on this server. */
  url: string;
  /**
   * Servers sharing the board: client i connects to `nodeUrls[i % length]` instead of
   * `url` (so writers spread too), and latencies are also split same-node / cross-node.
   */
  nodeUrls?: string[];
  dialect: Dialect;
  board: string;
  clients: number;
  /** The first `writers` clients set a key of a Y.Map `writeHz` times a second. */
  writers: number;
  writeHz: number;
  /** The first `awarenessSenders` clients send a cursor `awarenessHz` times a second. */
  awarenessSenders: number;
  awarenessHz: number;
  warmupMs: number;
  measureMs: number;
  /** Longest wait after the window for messages still in flight. */
  drainMs?: number;
  /** The wait ends early once nothing arrived for this long (default 500 ms). */
  drainQuietMs?: number;
  connectConcurrency?: number;
  /** Awaited, so the caller can sample the server at exactly these points. */
  onPhase?: (phase: Phase) => Promise<void> | void;
}

interface ChannelResult {
  sent: number;
  expected: number;
  delivered: number;
  deliveryRatio: number | null;
  duplicates: number;
  latencyMs: LatencySummary;
  /** With `nodeUrls`: deliveries within one server and from one server to another. */
  byNode: { sameNode: SplitResult; crossNode: SplitResult } | null;
}

interface SplitResult {
  expected: number;
  delivered: number;
  deliveryRatio: number | null;
  latencyMs: LatencySummary;
}

export interface TrafficResult {
  clients: number;
  connectMs: number;
  /** Clients the server closed (or that failed) before the run ended. */
  closedEarly: number;
  closeCodes: number[];
  doc: ChannelResult | null;
  awareness: ChannelResult | null;
  /** CPU of the process running the clients during the window, in % of one core. */
  clientCpuPercent: number;
}

export async function runTraffic(options: TrafficOptions): Promise<TrafficResult> {
  const { clients: count, writers, awarenessSenders } = options;
  const wire = createWire(options.dialect, options.board);
  const doc = writers > 0 ? new Channel(count, writers * options.writeHz * count) : null;
  const awareness =
    awarenessSenders > 0
      ? new Channel(count, awarenessSenders * options.awarenessHz * count)
      : null;
  const nodeUrls = options.nodeUrls?.length ? options.nodeUrls : null;
  if (nodeUrls) {
    const nodeOf = Int32Array.from({ length: count }, (_, i) => i % nodeUrls.length);
    doc?.splitByNode(nodeOf);
    awareness?.splitByNode(nodeOf);
  }
  const clients: BenchClient[] = [];
  const stoppers: (() => void)[] = [];
  try {
    const connectStarted = performance.now();
    const batch = options.connectConcurrency ?? 50;
    for (let i = 0; i < count; i += batch) {
      const group: BenchClient[] = [];
      for (let j = i; j < Math.min(count, i + batch); j++) {
        const client = new BenchClient({
          url: nodeUrls ? nodeUrls[j % nodeUrls.length]! : options.url,
          wire,
          index: j,
          senders: count,
          doc,
          awareness,
          writer: j < writers,
        });
        group.push(client);
        clients.push(client);
      }
      await Promise.all(group.map((c) => c.synced));
    }
    const connectMs = performance.now() - connectStarted;
    await options.onPhase?.('connected');

    for (const client of clients.slice(0, writers)) {
      const map = client.doc!.getMap<string>('bench');
      const key = `w${client.index}`;
      stoppers.push(
        every(options.writeHz, () => map.set(key, stamp(client.index, doc!.nextSeq(client.index)))),
      );
    }
    for (const client of clients.slice(0, awarenessSenders)) {
      // Any unique uint32 works as a Yjs client id; the index keeps them distinct.
      const clientID = 1_000_000 + client.index;
      let clock = 0;
      stoppers.push(
        every(options.awarenessHz, () => {
          const seq = awareness!.nextSeq(client.index);
          const state = {
            user: { name: `bench ${client.index}`, color: '#3b82f6' },
            cursor: { x: (seq * 37) % 1600, y: (seq * 53) % 900 },
            t: stamp(client.index, seq),
          };
          client.send(wire.awareness(encodeAwarenessState(clientID, ++clock, state)));
        }),
      );
    }

    await sleep(options.warmupMs);
    await options.onPhase?.('measure-start');
    const cpuBefore = process.cpuUsage();
    doc?.openWindow();
    awareness?.openWindow();
    await sleep(options.measureMs);
    doc?.closeWindow();
    awareness?.closeWindow();
    const cpu = process.cpuUsage(cpuBefore);
    await options.onPhase?.('measure-end');
    for (const stop of stoppers) stop();

    const live = clients.filter((c) => !c.closedEarly).length;
    await drain([doc, awareness], live, options.drainMs ?? 3000, options.drainQuietMs ?? 500);
    return {
      clients: count,
      connectMs: Math.round(connectMs),
      closedEarly: clients.filter((c) => c.closedEarly).length,
      closeCodes: [...new Set(clients.flatMap((c) => (c.closedEarly ? [c.closeCode ?? 0] : [])))],
      doc: doc && channelResult(doc, count),
      awareness: awareness && channelResult(awareness, count),
      clientCpuPercent: round3(((cpu.user + cpu.system) / 1000 / options.measureMs) * 100),
    };
  } finally {
    for (const stop of stoppers) stop();
    await Promise.all(clients.map((c) => c.close()));
  }
}

/** Every sender reaches every other client, so each message is expected N - 1 times. */
function channelResult(channel: Channel, clients: number): ChannelResult {
  const sent = channel.sent;
  const expected = sent * (clients - 1);
  const byNode = channel.byNode();
  const split = (part: NodeSplit): SplitResult => ({
    expected: part.expected,
    delivered: part.delivered,
    deliveryRatio: part.expected === 0 ? null : round3(part.delivered / part.expected),
    latencyMs: summarize(part.latencies),
  });
  return {
    sent,
    expected,
    delivered: channel.delivered,
    deliveryRatio: expected === 0 ? null : round3(channel.delivered / expected),
    duplicates: channel.duplicates,
    latencyMs: summarize(channel.latencies()),
    byNode: byNode && { sameNode: split(byNode.same), crossNode: split(byNode.cross) },
  };
}

/** Waits until everything expected arrived, or nothing arrived for `quietMs`. */
async function drain(
  channels: (Channel | null)[],
  clients: number,
  maxMs: number,
  quietMs: number,
) {
  const expected = channels.reduce((n, c) => n + (c ? c.sent * (clients - 1) : 0), 0);
  const delivered = () => channels.reduce((n, c) => n + (c?.delivered ?? 0), 0);
  const deadline = performance.now() + maxMs;
  let last = -1;
  let quietSince = performance.now();
  while (performance.now() < deadline && delivered() < expected) {
    const now = delivered();
    if (now !== last) {
      last = now;
      quietSince = performance.now();
    } else if (performance.now() - quietSince > quietMs) {
      return;
    }
    await sleep(20);
  }
}

/** Calls `fn` `hz` times a second, from a random phase so senders spread out. */
function every(hz: number, fn: () => void): () => void {
  const period = 1000 / hz;
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    fn();
    interval = setInterval(fn, period);
  }, Math.random() * period);
  return () => {
    clearTimeout(first);
    clearInterval(interval);
  };
}
