/**
 * What the sync core needs from a WebSocket. Only the file that listens knows about `ws`;
 * the core works with anything that can send bytes and close with a code.
 */
export interface SyncSocket {
  /** Sends one binary message. Messages sent in the same tick may be coalesced. */
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Drops the connection without a closing handshake (a stuck peer never answers one). */
  terminate(): void;
  /** Bytes queued for this peer and not yet handed to the kernel. */
  readonly bufferedAmount: number;
}
