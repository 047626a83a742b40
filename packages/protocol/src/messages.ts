/**
 * Top-level message types of the y-websocket protocol. The stock `y-websocket` client
 * speaks exactly these, so the server must too.
 */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
} as const;

export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Sub-types inside a Sync message (y-protocols/sync). */
export const SyncStep = {
  Step1: 0,
  Step2: 1,
  Update: 2,
} as const;

/** The path the sync server listens on: `/sync/:boardId`. */
export const SYNC_PATH_PREFIX = '/sync/';

/** Board ids are random and url-safe; anything else is refused before a socket exists. */
export const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{6,64}$/;

export function boardIdFromPath(pathname: string): string | null {
  if (!pathname.startsWith(SYNC_PATH_PREFIX)) return null;
  const id = pathname.slice(SYNC_PATH_PREFIX.length);
  return BOARD_ID_PATTERN.test(id) ? id : null;
}
