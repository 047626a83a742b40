/**
 * Deliveries and latencies of one kind of message (document updates or awareness) in
 * the measured window. Senders are client indexes; a stamp counts once per receiver and
 * only if it was sent while the window was open.
 */
export class Channel {
  readonly #first: Int32Array;
  readonly #last: Int32Array;
  readonly #next: Int32Array;
  #latencies: Float64Array;
  #count = 0;
  delivered = 0;
  /** Stamps seen again or out of order at one receiver (should stay 0). */
  duplicates = 0;

  constructor(senders: number, expectedSamples = 1024) {
    this.#first = new Int32Array(senders).fill(0x7fffffff);
    this.#last = new Int32Array(senders).fill(0x7fffffff);
    this.#next = new Int32Array(senders);
    this.#latencies = new Float64Array(Math.max(1024, expectedSamples));
  }

  /** The next sequence number for a sender. */
  nextSeq(sender: number): number {
    return this.#next[sender]!++;
  }

  openWindow(): void {
    for (let s = 0; s < this.#first.length; s++) this.#first[s] = this.#next[s]!;
  }

  closeWindow(): void {
    for (let s = 0; s < this.#last.length; s++) this.#last[s] = this.#next[s]! - 1;
  }

  /** Messages sent while the window was open. */
  get sent(): number {
    let sent = 0;
    for (let s = 0; s < this.#first.length; s++) {
      const first = this.#first[s]!;
      const last = Math.min(this.#last[s]!, this.#next[s]! - 1);
      if (first !== 0x7fffffff && last >= first) sent += last - first + 1;
    }
    return sent;
  }

  /** `seen` is the receiver's last sequence per sender (initialised to -1). */
  receive(seen: Int32Array, sender: number, seq: number, latencyMs: number): void {
    if (sender >= seen.length) return;
    if (seq <= seen[sender]!) {
      this.duplicates++;
      return;
    }
    seen[sender] = seq;
    if (seq < this.#first[sender]! || seq > this.#last[sender]!) return;
    this.delivered++;
    if (this.#count === this.#latencies.length) {
      const grown = new Float64Array(this.#latencies.length * 2);
      grown.set(this.#latencies);
      this.#latencies = grown;
    }
    this.#latencies[this.#count++] = latencyMs;
  }

  latencies(): Float64Array {
    return this.#latencies.subarray(0, this.#count);
  }
}

export interface LatencySummary {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export function summarize(values: Float64Array): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) =>
    sorted.length === 0
      ? null
      : round3(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
  return {
    count: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted.length === 0 ? null : round3(sorted[sorted.length - 1]!),
  };
}

export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
