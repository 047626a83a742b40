/**
 * Send stamps travel inside the Yjs content (a map value, an awareness state) as plain
 * ASCII. Every server forwards, re-encodes or merges updates but keeps content bytes
 * as they are, so a receiver finds the stamps with a native byte search instead of
 * decoding the update: a decode per frame per receiver would make the client process,
 * not the server, the bottleneck.
 */
const MARK = '~jb~';
const MARK_BYTES = Buffer.from(MARK, 'latin1');
const TILDE = 0x7e;
const DOT = 0x2e;

/**
 * Microseconds on CLOCK_MONOTONIC, which is shared by every process on the machine, so
 * a stamp made in one client process can be compared in another.
 */
export function nowMicros(): number {
  const [s, ns] = process.hrtime();
  return s * 1e6 + Math.floor(ns / 1e3);
}

export function stamp(sender: number, seq: number, micros = nowMicros()): string {
  return `${MARK}${sender}.${seq}.${micros}~`;
}

export type StampVisitor = (sender: number, seq: number, sentMicros: number) => void;

/** Calls `visit` for every stamp in the frame; returns how many it found. */
export function scanStamps(frame: Uint8Array, visit: StampVisitor): number {
  const buf = Buffer.isBuffer(frame)
    ? frame
    : Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  let found = 0;
  let at = buf.indexOf(MARK_BYTES, 0);
  while (at !== -1) {
    let pos = at + MARK_BYTES.length;
    const fields = [0, 0, 0];
    let field = 0;
    let ok = false;
    for (; pos < buf.length; pos++) {
      const c = buf[pos]!;
      if (c === TILDE) {
        ok = field === 2;
        break;
      }
      if (c === DOT) {
        if (++field > 2) break;
      } else if (c >= 0x30 && c <= 0x39) {
        fields[field] = fields[field]! * 10 + (c - 0x30);
      } else {
        break;
      }
    }
    if (ok) {
      found++;
      visit(fields[0]!, fields[1]!, fields[2]!);
    }
    at = buf.indexOf(MARK_BYTES, pos);
  }
  return found;
}
