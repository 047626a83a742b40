/**
 * How long a busy board may hold its durable updates to send them merged: with S peers,
 * at most S / this many milliseconds after its last broadcast. A handful of peers get
 * every update at once; hundreds get one merged message per gap instead of one per
 * update, which saves a write per peer whenever two updates land within the gap.
 */
export const BROADCASTS_PER_MS = 250;
/**
 * The longest gap. Measured with `./jb bench` (fan-out N=500): a 16 ms cap saved about a
 * fifth of the CPU per message but tripled latency (p50 12 ms, p99 31 ms against 4 and
 * 12); people feel latency, and the CPU stays at or under the stock servers' without it.
 */
export const MAX_WRITE_GAP_MS = 2;

/** The least time between two broadcasts of document updates to one board. */
export function writeGapMs(peers: number): number {
  return Math.min(MAX_WRITE_GAP_MS, peers / BROADCASTS_PER_MS);
}
