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
  /** Distinct Yjs client ids in one update (a client sends its own, a few after offline work). */
  maxUpdateClients: 1000,
  /** Structs (items, deleted ranges) in one update from an owner or editor. */
  maxUpdateStructs: 100_000,
  /** The same for commenters (and viewers): a comment or an idea is a few structs. */
  maxCommentUpdateStructs: 2_000,
  /** Ranges in one update's delete set. */
  maxUpdateDeleteRanges: 100_000,
  /** Items of one update inserted at one place (same neighbours or map key); honest: 1. */
  maxConcurrentAtPlace: 100,
  /** Estimated conflict-resolution steps one update may cost the server (about 20 ms). */
  maxIntegrationWork: 500_000,
  /** The same, per board per second, so many small costly updates cannot add up. */
  integrationWorkPerSecond: 1_000_000,
  /** Stored size of one board (its update log) beyond which edits are refused. */
  maxBoardBytes: 64 * 1024 * 1024,
  /** How fast one board may grow, in bytes per minute (a full minute may come at once). */
  boardGrowthBytesPerMinute: 16 * 1024 * 1024,
} as const;

export type Limits = typeof Limits;
