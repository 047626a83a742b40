import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { SyncSocket } from './socket.ts';

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

/** A socket's writes held back (corked) until the end of the tick. */
interface Outbox {
  raw: Duplex;
  corked: boolean;
}

/**
 * Holds each socket corked until the end of the current tick, so whatever the server
 * sends it in one tick (a broadcast, presence, the answer to its step 1) leaves in one
 * write. Busy boards merge their updates before this (`UpdateBroadcast`); a per-socket
 * delay on top only added latency.
 */
export class WriteCoalescer {
  #corked: Outbox[] = [];

  /** A socket whose writes this coalescer batches; call `hold` before each write. */
  outbox(raw: Duplex): Outbox {
    return { raw, corked: false };
  }

  hold(box: Outbox): void {
    if (box.corked) return;
    box.corked = true;
    box.raw.cork();
    if (this.#corked.length === 0) process.nextTick(this.#flushAll);
    this.#corked.push(box);
  }

  /** Writes what is held now: a closing socket should not wait for the end of the tick. */
  release(box: Outbox): void {
    flush(box);
  }

  #flushAll = (): void => {
    const boxes = this.#corked;
    this.#corked = [];
    for (const box of boxes) flush(box);
  };
}

function flush(box: Outbox): void {
  if (!box.corked) return;
  box.corked = false;
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
