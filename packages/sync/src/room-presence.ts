import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { Logger } from 'pino';
import { encodeAwareness, readAwarenessEntries, type AwarenessEntry } from './messages.ts';
import { PresenceBroadcast } from './presence-broadcast.ts';
import { PresenceOwners } from './presence-owners.ts';
import type { RoomPeer } from './room.ts';

export interface RoomPresenceOptions {
  doc: Y.Doc;
  peers: ReadonlySet<RoomPeer>;
  /** Shares a local change with the other nodes holding the board. */
  publish: (update: Uint8Array) => void;
  logger: Logger;
}

/** Origin of awareness updates a peer sent: their bytes are forwarded as they came. */
const FORWARDED = Symbol('forwarded');
/** Presence from another node: already shared there, forwarded here as it came. */
const REMOTE = Symbol('remote');
/** Presence removed because its node died: every node removes it on its own. */
const NODE_GONE = Symbol('node-gone');

/**
 * A board's presence (cursors, selections): the awareness states of local clients and of
 * clients on other nodes, who owns which, and what goes to local peers and other nodes.
 */
export class RoomPresence {
  readonly awareness: Awareness;
  readonly #options: RoomPresenceOptions;
  readonly #owners = new PresenceOwners<RoomPeer>();
  /** Every change for local peers goes through it: one message per peer per turn. */
  readonly #toPeers: PresenceBroadcast;

  constructor(options: RoomPresenceOptions) {
    this.#options = options;
    this.#toPeers = new PresenceBroadcast((message) => {
      for (const peer of options.peers) peer.sendAwareness(message);
    });
    this.awareness = new Awareness(options.doc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.#onUpdate);
  }

  /** Every known state, for a joiner or a queryAwareness; null when none. */
  state(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    if (clients.length === 0) return null;
    return this.#message(clients);
  }

  /** Makes `peer` the owner of `clientID` unless another peer or node owns it. */
  claim(clientID: number, peer: RoomPeer): boolean {
    return this.#owners.claim(clientID, peer);
  }

  /**
   * A local peer's update of client ids it claimed (`claim`); the peer then shares it.
   * Entries of ids it does not own are not for it to change and are ignored.
   */
  applyLocal(peer: RoomPeer, update: Uint8Array, entries: readonly AwarenessEntry[]): void {
    for (const { clientID, removed } of entries) {
      if (!this.#owners.claim(clientID, peer)) return;
      if (removed) this.#owners.release(clientID, peer);
    }
    applyAwarenessUpdate(this.awareness, update, FORWARDED);
  }

  /** A local peer's frame, as it came: to the other peers and the other nodes. */
  share(frame: Uint8Array, update: Uint8Array): void {
    this.#toPeers.push(update, frame);
    this.#options.publish(update);
  }

  /** A local peer left: the states it owns go, everywhere. */
  leave(peer: RoomPeer): void {
    const clients = this.#owners.takeOwnedBy(peer);
    if (clients.length > 0) removeAwarenessStates(this.awareness, clients, 'disconnect');
  }

  applyRemote(update: Uint8Array, node: string): void {
    let entries: AwarenessEntry[];
    try {
      entries = readAwarenessEntries(update);
    } catch (err) {
      this.#options.logger.warn({ err, node }, 'ignoring malformed presence from another node');
      return;
    }
    this.#owners.noteRemote(entries, node);
    applyAwarenessUpdate(this.awareness, update, REMOTE);
    this.#toPeers.push(update);
  }

  /** Publishes the states of local clients (another node joined, or we were cut off). */
  republish(): void {
    const local = this.#localOf([...this.awareness.getStates().keys()]);
    if (local.length > 0) this.#options.publish(encodeAwarenessUpdate(this.awareness, local));
  }

  nodeGone(node: string): void {
    const clients = this.#owners.takeNode(node);
    if (clients.length > 0) removeAwarenessStates(this.awareness, clients, NODE_GONE);
  }

  destroy(): void {
    this.#toPeers.destroy();
    this.awareness.off('update', this.#onUpdate);
    this.awareness.destroy();
  }

  #message(clients: number[]): Uint8Array {
    return encodeAwareness(encodeAwarenessUpdate(this.awareness, clients));
  }

  #localOf(clients: number[]): number[] {
    return clients.filter((clientID) => !this.#owners.isRemote(clientID));
  }

  /** Changes made here (a peer left, a state timed out) reach local peers and other nodes. */
  #onUpdate = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin === FORWARDED || origin === REMOTE) return;
    const clients = [...change.added, ...change.updated, ...change.removed];
    if (clients.length === 0) return;
    this.#toPeers.push(encodeAwarenessUpdate(this.awareness, clients));
    if (origin === NODE_GONE) return;
    const local = this.#localOf(clients);
    if (local.length > 0) this.#options.publish(encodeAwarenessUpdate(this.awareness, local));
    if (origin === 'timeout') for (const clientID of change.removed) this.#owners.forget(clientID);
  };
}
