/**
 * Deliveries and latencies of one kind of message (document updates or awareness) in
 * the measured window. Senders are client indexes; a stamp counts once per receiver and
 * only if it was sent while the window was open.
 */
export class Channel {
  readonly #first: Int32Array;
  readonly #last: Int32Array;
  readonly #next: Int32Array;
  readonly #all: Samples;
  /** Node of each client index, when the clients are spread over several servers. */
  #nodeOf: Int32Array | null = null;
  #sameNode: Samples | null = null;
  #crossNode: Samples | null = null;
  delivered = 0;
  /** Stamps seen again or out of order at one receiver (should stay 0). */
  duplicates = 0;

  constructor(senders: number, expectedSamples = 1024) {
    this.#first = new Int32Array(senders).fill(0x7fffffff);
    this.#last = new Int32Array(senders).fill(0x7fffffff);
    this.#next = new Int32Array(senders);
    this.#all = new Samples(expectedSamples);
  }

  /**
   * Clients are spread over servers (`nodeOf[index]`): latencies are also kept apart
   * for deliveries within one server and from one server to another.
   */
  splitByNode(nodeOf: Int32Array): void {
    this.#nodeOf = nodeOf;
    this.#sameNode = new Samples(1024);
    this.#crossNode = new Samples(1024);
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
    for (let s = 0; s < this.#first.length; s++) sent += this.sentBy(s);
    return sent;
  }

  /** Messages one sender sent while the window was open. */
  sentBy(sender: number): number {
    const first = this.#first[sender]!;
    const last = Math.min(this.#last[sender]!, this.#next[sender]! - 1);
    return first !== 0x7fffffff && last >= first ? last - first + 1 : 0;
  }

  /** `seen` is the receiver's last sequence per sender (initialised to -1). */
  receive(seen: Int32Array, sender: number, seq: number, latencyMs: number, receiver = -1): void {
    if (sender >= seen.length) return;
    if (seq <= seen[sender]!) {
      this.duplicates++;
      return;
    }
    seen[sender] = seq;
    if (seq < this.#first[sender]! || seq > this.#last[sender]!) return;
    this.delivered++;
    this.#all.push(latencyMs);
    const nodeOf = this.#nodeOf;
    if (nodeOf !== null && receiver >= 0 && receiver < nodeOf.length) {
      const same = nodeOf[sender] === nodeOf[receiver];
      (same ? this.#sameNode : this.#crossNode)!.push(latencyMs);
    }
  }

  latencies(): Float64Array {
    return this.#all.values();
  }

  /**
   * After splitByNode: deliveries within one server and from one server to another,
   * each with how many were expected (every client but the sender, on that side).
   */
  byNode(): { same: NodeSplit; cross: NodeSplit } | null {
    const nodeOf = this.#nodeOf;
    if (nodeOf === null || this.#sameNode === null || this.#crossNode === null) return null;
    const onNode = new Map<number, number>();
    for (const node of nodeOf) onNode.set(node, (onNode.get(node) ?? 0) + 1);
    let sameExpected = 0;
    let crossExpected = 0;
    for (let s = 0; s < Math.min(nodeOf.length, this.#first.length); s++) {
      const sent = this.sentBy(s);
      const local = onNode.get(nodeOf[s]!)!;
      sameExpected += sent * (local - 1);
      crossExpected += sent * (nodeOf.length - local);
    }
    const split = (samples: Samples, expected: number): NodeSplit => ({
      expected,
      delivered: samples.values().length,
      latencies: samples.values(),
    });
    return {
      same: split(this.#sameNode, sameExpected),
      cross: split(this.#crossNode, crossExpected),
    };
  }
}

export interface NodeSplit {
  expected: number;
  delivered: number;
  latencies: Float64Array;
}

/** A growable array of latencies. */
class Samples {
  #values: Float64Array;
  #count = 0;

  constructor(expected: number) {
    this.#values = new Float64Array(Math.max(1024, expected));
  }

  push(value: number): void {
    if (this.#count === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#count++] = value;
  }

  values(): Float64Array {
    return this.#values.subarray(0, this.#count);
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
