import * as Y from 'yjs';
import { encodeSyncUpdate } from './messages.ts';
import type { RoomPeer } from './room.ts';
import { writeGapMs } from './write-gap.ts';

/**
 * Sends a board's durable updates to its peers. A quiet board sends each at once; on a
 * busy one, updates that become durable within a write gap of the last broadcast wait for
 * the gap to pass and go out merged: one encoding and one message per peer, however many
 * writers there were. Callers pass only durable updates, so waiting never shows anyone
 * something that is not stored.
 */
export class UpdateBroadcast {
  readonly #peers: ReadonlySet<RoomPeer>;
  #pending: Uint8Array[] = [];
  /** Peers whose own edits are all of `#pending`; null once anything came from elsewhere. */
  #sources: Set<RoomPeer | null> | null = new Set();
  #timer: NodeJS.Timeout | null = null;
  #lastSent = -Infinity;

  constructor(peers: ReadonlySet<RoomPeer>) {
    this.#peers = peers;
  }

  /** `sources`: the peers the update came from (they have it already); null: elsewhere. */
  send(update: Uint8Array, sources: ReadonlySet<RoomPeer | null> | null): void {
    this.#pending.push(update);
    if (sources === null) this.#sources = null;
    else if (this.#sources) for (const source of sources) this.#sources.add(source);
    if (this.#timer) return;
    const wait = this.#lastSent + writeGapMs(this.#peers.size) - performance.now();
    if (wait <= 0) this.#flush();
    else this.#timer = setTimeout(this.#flush, wait);
  }

  destroy(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending = [];
  }

  #flush = (): void => {
    this.#timer = null;
    const pending = this.#pending;
    if (pending.length === 0) return;
    const sources = this.#sources;
    this.#pending = [];
    this.#sources = new Set();
    this.#lastSent = performance.now();
    const merged = pending.length === 1 ? pending[0]! : Y.mergeUpdates(pending);
    // The sender already has its own edit; with several senders everyone needs the merge,
    // and one encoding for all beats one per recipient.
    const except = sources?.size === 1 ? sources.values().next().value : undefined;
    const message = encodeSyncUpdate(merged);
    for (const peer of this.#peers) if (peer !== except) peer.sendDoc(message);
  };
}
