/**
 * Every way the sync server refuses or ends a connection, as one named WebSocket close
 * code. 4000–4999 is the application range; the last three digits mirror the HTTP
 * status a person would guess, so logs read naturally.
 */
export const CloseCode = {
  /** A frame that could not be decoded, or a message type the server does not speak. */
  MalformedMessage: 4400,
  /** No valid session. */
  Unauthorized: 4401,
  /** The session is valid but the role does not allow this (also: membership removed). */
  Forbidden: 4403,
  /** The board does not exist (any more). */
  BoardNotFound: 4404,
  /** The client did not keep up with the updates sent to it. */
  SlowConsumer: 4408,
  /** The member's role changed; reconnect to get the new rights. */
  RoleChanged: 4409,
  /** A frame, update or awareness state larger than the limits allow. */
  MessageTooLarge: 4413,
  /** An update whose structure costs more than any honest client's (see update limits). */
  UpdateTooComplex: 4422,
  /** Too many messages per second, or a board growing faster than allowed. */
  RateLimited: 4429,
  /** An error on the server; the board is safe, try again. */
  InternalError: 4500,
  /**
   * The board reached its size limit (423: it takes no more changes); edits are refused
   * until an owner makes room. In the 44xx range, so clients stop resending.
   */
  BoardTooLarge: 4423,
  /** This node is shutting down; reconnect (the proxy sends you elsewhere). */
  ServerShuttingDown: 4503,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

const reasons: Record<CloseCode, string> = {
  [CloseCode.MalformedMessage]: 'malformed message',
  [CloseCode.Unauthorized]: 'not signed in',
  [CloseCode.Forbidden]: 'not allowed on this board',
  [CloseCode.BoardNotFound]: 'board not found',
  [CloseCode.SlowConsumer]: 'connection too slow to keep up',
  [CloseCode.RoleChanged]: 'your role on this board changed',
  [CloseCode.MessageTooLarge]: 'message too large',
  [CloseCode.UpdateTooComplex]: 'change refused: too complex',
  [CloseCode.RateLimited]: 'too many changes too fast',
  [CloseCode.InternalError]: 'server error',
  [CloseCode.BoardTooLarge]: 'board is full: changes are not saved',
  [CloseCode.ServerShuttingDown]: 'server restarting, reconnecting',
};

/** A short human reason for a close code (WebSocket reasons must stay under 123 bytes). */
export function describeCloseCode(code: number): string {
  return (reasons as Record<number, string | undefined>)[code] ?? `closed (${code})`;
}

/** Codes after which reconnecting cannot help without the user doing something. */
export function isTerminalCloseCode(code: number): boolean {
  return (
    code === CloseCode.Unauthorized ||
    code === CloseCode.Forbidden ||
    code === CloseCode.BoardNotFound ||
    code === CloseCode.UpdateTooComplex ||
    code === CloseCode.BoardTooLarge
  );
}
