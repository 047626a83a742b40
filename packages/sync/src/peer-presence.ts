import { encodeAwareness, encodeAwarenessEntry, type AwarenessEntry } from './messages.ts';
import type { RoomPresence } from './room-presence.ts';
import type { RoomPeer } from './room.ts';
import { TokenBucket } from './token-bucket.ts';

/** Who a connection is, as the server knows it: what its presence says about its user. */
export interface PresenceIdentity {
  userId: string;
  /** The account's display name and colour; absent without accounts (no-auth mode). */
  name?: string;
  colour?: string;
}

export interface PeerPresenceOptions {
  presence: RoomPresence;
  peer: RoomPeer;
  identity: PresenceIdentity;
  maxPerSecond: number;
}

/**
 * One connection's presence. An honest client has one awareness client id (its doc's):
 * the first id it announces that nobody else owns becomes the connection's, and every
 * other entry is dropped (stock clients echo the states they receive; forged or extra
 * ids go the same way), so a socket holds one state at most. The state's `user` is set
 * from the connection, not taken from the client, and states are applied at most
 * `maxPerSecond` times: over the rate, only the latest is kept and applied when allowed.
 */
export class PeerPresence {
  readonly #options: PeerPresenceOptions;
  readonly #rate: TokenBucket;
  #clientId: number | null = null;
  #pending: AwarenessEntry | null = null;
  #timer: NodeJS.Timeout | null = null;

  constructor(options: PeerPresenceOptions) {
    this.#options = options;
    this.#rate = new TokenBucket(options.maxPerSecond, options.maxPerSecond);
  }

  receive(entries: readonly AwarenessEntry[]): void {
    const own = this.#ownEntry(entries);
    if (!own) return;
    const entry = own.removed ? own : { ...own, state: this.#stamp(own.state) };
    if (this.#timer === null && this.#rate.take()) return this.#apply(entry);
    this.#pending = entry;
    this.#timer ??= setTimeout(() => this.#flush(), this.#rate.waitMs() + 1);
  }

  destroy(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending = null;
  }

  #ownEntry(entries: readonly AwarenessEntry[]): AwarenessEntry | undefined {
    const { presence, peer } = this.#options;
    if (this.#clientId === null) {
      const first = entries.find(
        (entry) => isRecord(entry.state) && presence.claim(entry.clientID, peer),
      );
      if (!first) return undefined;
      this.#clientId = first.clientID;
    }
    return entries.find(
      (entry) => entry.clientID === this.#clientId && (entry.removed || isRecord(entry.state)),
    );
  }

  /** The client's state with the user the server knows, whatever the client claimed. */
  #stamp(state: unknown): Record<string, unknown> {
    const { userId, name, colour } = this.#options.identity;
    const record = isRecord(state) ? state : {};
    const claimed = isRecord(record.user) ? record.user : {};
    return {
      ...record,
      user: {
        ...claimed,
        id: userId,
        ...(name !== undefined ? { name } : {}),
        ...(colour !== undefined ? { colour } : {}),
      },
    };
  }

  #flush(): void {
    this.#timer = null;
    if (!this.#pending) return;
    if (!this.#rate.take()) {
      this.#timer = setTimeout(() => this.#flush(), this.#rate.waitMs() + 1);
      return;
    }
    const entry = this.#pending;
    this.#pending = null;
    this.#apply(entry);
  }

  #apply(entry: AwarenessEntry): void {
    const { presence, peer } = this.#options;
    const update = encodeAwarenessEntry(entry);
    presence.applyLocal(peer, update, [entry]);
    presence.share(encodeAwareness(update), update);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
