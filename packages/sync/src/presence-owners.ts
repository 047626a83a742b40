import type { AwarenessEntry } from './messages.ts';

/**
 * Who answers for each presence client id on a board: a local connection, or (by its
 * id) the node another client is connected to. Stock providers echo every state they
 * receive, so the first to announce an id owns it, and only the owner may retire it:
 * a client that echoes another's cursor does not take it away when it leaves, and a
 * node's death takes away exactly its clients' cursors.
 */
export class PresenceOwners<Local extends object> {
  readonly #owner = new Map<number, Local | string>();

  /** A local peer announced `clientID`; true when that peer owns it. */
  claim(clientID: number, peer: Local): boolean {
    const owner = this.#owner.get(clientID);
    if (owner !== undefined && owner !== peer) return false;
    this.#owner.set(clientID, peer);
    return true;
  }

  release(clientID: number, peer: Local): void {
    if (this.#owner.get(clientID) === peer) this.#owner.delete(clientID);
  }

  noteRemote(entries: readonly AwarenessEntry[], node: string): void {
    for (const { clientID, removed } of entries) {
      const owner = this.#owner.get(clientID);
      if (removed && owner === node) this.#owner.delete(clientID);
      else if (!removed && owner === undefined) this.#owner.set(clientID, node);
    }
  }

  /** The state may be gone for another reason (an outdated state timed out). */
  forget(clientID: number): void {
    this.#owner.delete(clientID);
  }

  isRemote(clientID: number): boolean {
    return typeof this.#owner.get(clientID) === 'string';
  }

  /** Forgets and returns the clients `peer` owns. */
  takeOwnedBy(peer: Local): number[] {
    return this.#take(peer);
  }

  /** Forgets and returns the clients that came through `node`. */
  takeNode(node: string): number[] {
    return this.#take(node);
  }

  #take(owner: Local | string): number[] {
    const clients: number[] = [];
    for (const [clientID, current] of this.#owner) {
      if (current !== owner) continue;
      clients.push(clientID);
      this.#owner.delete(clientID);
    }
    return clients;
  }
}
