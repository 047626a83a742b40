import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { SyncSocket } from './socket.ts';
import { writeGapMs } from './write-gap.ts';

/**
 * Frames built once per message object: a broadcast hands the same bytes to every peer,
 * and the cached full state goes to every joiner, so each is framed once, not per peer.
 * Weak, so a frame lives exactly as long as the message it was made from.
 */
const frames = new WeakMap<Uint8Array, Buffer>();

/** One unmasked, final, binary WebSocket frame (RFC 6455 §5.2) holding `payload`. */
export function frameBinary(payload: Uint8Array): Buffer {
  let frame = frames.get(payload);
  if (frame) return frame;
  const length = payload.length;
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x82;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.set(payload, header);
  frames.set(payload, frame);
  return frame;
}

/** A socket's writes held back (corked) until its next flush. */
interface Outbox {
  raw: Duplex;
  corked: boolean;
  lastFlush: number;
  due: number;
}

/**
 * Holds each socket corked between flushes. A socket that has not been written for a
 * gap is flushed at the end of the tick (no added latency for a quiet board); a busy one
 * waits until a gap has passed since its last flush, so whatever arrives meanwhile
 * leaves in the same write. Timers are shared: peers of one board are due together.
 * The gap depends on how many sockets are open (`writeGapMs`).
 */
export class WriteCoalescer {
  #sockets = 0;
  #soon: Outbox[] = [];
  #later: Outbox[] = [];
  #timer: NodeJS.Timeout | null = null;
  #timerDue = Infinity;

  /** A socket whose writes this coalescer batches; call `hold` before each write. */
  outbox(raw: Duplex): Outbox {
    // The gap grows with the number of open sockets (see write-gap.ts).
    this.#sockets++;
    raw.once('close', () => this.#sockets--);
    return { raw, corked: false, lastFlush: -Infinity, due: 0 };
  }

  hold(box: Outbox): void {
    if (box.corked) return;
    box.corked = true;
    box.raw.cork();
    const now = performance.now();
    box.due = box.lastFlush + writeGapMs(this.#sockets);
    if (box.due <= now) {
      if (this.#soon.length === 0) process.nextTick(this.#flushSoon);
      this.#soon.push(box);
      return;
    }
    this.#later.push(box);
    if (box.due < this.#timerDue) this.#arm(box.due - now);
  }

  /** Writes what is held now: a closing socket should not wait for its turn. */
  release(box: Outbox): void {
    flush(box, performance.now());
  }

  #flushSoon = (): void => {
    const boxes = this.#soon;
    this.#soon = [];
    const now = performance.now();
    for (const box of boxes) flush(box, now);
  };

  #flushLater = (): void => {
    this.#timer = null;
    this.#timerDue = Infinity;
    // Timers fire up to a millisecond early or late; a box due within it goes now.
    const now = performance.now();
    const waiting: Outbox[] = [];
    let next = Infinity;
    for (const box of this.#later) {
      if (box.due <= now + 1) {
        flush(box, now);
      } else {
        waiting.push(box);
        next = Math.min(next, box.due);
      }
    }
    this.#later = waiting;
    if (waiting.length > 0) this.#arm(next - now);
  };

  #arm(delayMs: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timerDue = performance.now() + delayMs;
    this.#timer = setTimeout(this.#flushLater, Math.max(0, delayMs));
  }
}

function flush(box: Outbox, now: number): void {
  if (!box.corked) return;
  box.corked = false;
  box.lastFlush = now;
  box.raw.uncork();
}

/**
 * Adapts a `ws` socket for the sync core. Data frames are written straight to the TCP
 * stream, framed once per message (see `frameBinary`); `ws` writes only control frames
 * (ping, close) itself, into the same stream and so in order. That is sound because the
 * server never negotiates compression and never sends a Blob, the two cases in which
 * `ws` queues frames instead of writing them at once.
 */
export function adaptSocket(ws: WebSocket, raw: Duplex, coalescer: WriteCoalescer): SyncSocket {
  const box = coalescer.outbox(raw);
  return {
    send(message) {
      if (ws.readyState !== ws.OPEN || !raw.writable) return;
      coalescer.hold(box);
      raw.write(frameBinary(message));
    },
    close(code, reason) {
      ws.close(code, reason);
      coalescer.release(box);
    },
    terminate: () => ws.terminate(),
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
  };
}
