import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { encodeAwareness } from './messages.ts';

/**
 * One awareness update holding the entries of all of `updates`, in order, without
 * decoding a single state: an update is a count followed by self-delimiting entries
 * (client, clock, state), so the merge adds the counts up and joins the entries.
 * A client present twice keeps both entries; peers apply them in order, the later
 * clock wins. Every update must be well-formed (validated where it came in).
 */
export function mergeAwarenessUpdates(updates: readonly Uint8Array[]): Uint8Array {
  let count = 0;
  const entries: Uint8Array[] = [];
  for (const update of updates) {
    const decoder = decoding.createDecoder(update);
    count += decoding.readVarUint(decoder);
    entries.push(update.subarray(decoder.pos));
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, count);
  for (const bytes of entries) encoding.writeUint8Array(encoder, bytes);
  return encoding.toUint8Array(encoder);
}

/**
 * A board's presence changes, sent on once per event-loop turn: every awareness update
 * read from the sockets in one poll phase goes out as one message per peer. A quiet
 * board loses nothing by it (the turn ends right after the read); in a cursor flood a
 * peer parses one message where it would have parsed one per sender.
 */
export class PresenceBroadcast {
  readonly #send: (message: Uint8Array) => void;
  #pending: Uint8Array[] = [];
  /** The frame of the only pending update, when it came framed: sent as it is. */
  #frame: Uint8Array | null = null;
  #scheduled: NodeJS.Immediate | null = null;

  constructor(send: (message: Uint8Array) => void) {
    this.#send = send;
  }

  /** `frame`: the update already wrapped as an awareness message, if it is at hand. */
  push(update: Uint8Array, frame: Uint8Array | null = null): void {
    this.#frame = this.#pending.length === 0 ? frame : null;
    this.#pending.push(update);
    this.#scheduled ??= setImmediate(this.#flush);
  }

  destroy(): void {
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#scheduled = null;
    this.#pending = [];
    this.#frame = null;
  }

  #flush = (): void => {
    this.#scheduled = null;
    const pending = this.#pending;
    const frame = this.#frame;
    this.#pending = [];
    this.#frame = null;
    if (pending.length === 0) return;
    if (pending.length === 1) this.#send(frame ?? encodeAwareness(pending[0]!));
    else this.#send(encodeAwareness(mergeAwarenessUpdates(pending)));
  };
}
