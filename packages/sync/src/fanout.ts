/**
 * What a board's room offers the cross-node fan-out. Everything here is idempotent:
 * applying a Yjs update twice, or re-reading the log, changes nothing.
 */
export interface BoardLink {
  /** A durable update another node published. */
  applyRemoteUpdate(update: Uint8Array): void;
  /** Presence bytes (a y-protocols awareness update) from a client on another node. */
  applyRemoteAwareness(update: Uint8Array, node: string): void;
  /** Another node asked for everyone's presence on this board (it has just joined). */
  republishAwareness(): void;
  /** A node stopped heartbeating: its clients' presence must go. */
  nodeGone(node: string): void;
  /** Catch up from storage: something may have been missed on the shared stream. */
  reload(): Promise<void>;
}

/** One room's handle on the fan-out. */
export interface BoardChannel {
  /**
   * Resolves once the board's position in the shared stream is noted, so that loading
   * from storage afterwards cannot miss an update published in between. Also resolves
   * (never rejects) when Redis is unreachable: a catch-up is then due on reconnect.
   */
  readonly positioned: Promise<void>;
  /** Shares an update that is already durable in storage. */
  publishUpdate(update: Uint8Array): void;
  publishAwareness(update: Uint8Array): void;
  leave(): void;
}

export type FanoutStatus = 'off' | 'up' | 'down';

/** Shares board updates and presence between the sync nodes that hold the same board. */
export interface Fanout {
  readonly nodeId: string;
  join(boardId: string, link: BoardLink): BoardChannel;
  status(): FanoutStatus;
  /** Publishes what is still queued (best effort) and closes connections. */
  close(): Promise<void>;
}

const noop = () => {};

/** One node alone: nothing to share. */
export const singleNode: Fanout = {
  nodeId: 'single',
  join: () => ({
    positioned: Promise.resolve(),
    publishUpdate: noop,
    publishAwareness: noop,
    leave: noop,
  }),
  status: () => 'off',
  close: () => Promise.resolve(),
};
