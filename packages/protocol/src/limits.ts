/**
 * Limits the sync server enforces per connection. Shared with the web client so the UI
 * can refuse a too-large paste before the server has to close the socket.
 */
export const Limits = {
  /** Largest WebSocket frame accepted (ws `maxPayload`). */
  maxFrameBytes: 8 * 1024 * 1024,
  /** Largest single Yjs update inside a sync message. */
  maxUpdateBytes: 4 * 1024 * 1024,
  /** Largest awareness update (cursor, selection, name). */
  maxAwarenessBytes: 16 * 1024,
  /** Messages per second per connection, averaged over a short window (burst allowed). */
  maxMessagesPerSecond: 200,
  messageBurst: 400,
  /** Awareness updates per second per connection. */
  maxAwarenessPerSecond: 30,
  /** Bytes queued for one client before its awareness is dropped, then the client closed. */
  slowConsumerSoftBytes: 4 * 1024 * 1024,
  slowConsumerHardBytes: 16 * 1024 * 1024,
} as const;

export type Limits = typeof Limits;
