/**
 * How many writes (system calls) per millisecond the process allows itself towards its
 * clients when busy. With S sockets, a busy one is written at most once every S / this
 * many milliseconds: a handful of peers get every message at once, and a board with
 * hundreds of peers gets a few larger writes per peer instead of one per message.
 */
export const WRITES_PER_MS = 20;
/** The longest gap: about one display frame, so that a person cannot see it. */
export const MAX_WRITE_GAP_MS = 16;

/** The least time between two writes to one busy socket (or broadcasts to one board). */
export function writeGapMs(sockets: number): number {
  return Math.min(MAX_WRITE_GAP_MS, sockets / WRITES_PER_MS);
}
