import { connect, type Socket } from 'node:net';

/** What the server did with one probed frame. */
export type ProbeResult =
  | { accepted: true }
  | { accepted: false; code: number; reason: string }
  /** The connection ended without a close frame, or the upgrade was refused. */
  | { accepted: false; code: null; reason: string };

const OP_TEXT = 0x1;
const OP_BINARY = 0x2;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;

/**
 * A bare WebSocket client over a TCP socket, for sending tens of thousands of frames
 * without the cost of a full client per frame. It knows just enough RFC 6455: the
 * upgrade, masked client frames (with a zero key: allowed, and the payload stays as
 * is), and reading the server's frames to spot a pong or a close.
 */
export class RawSocket {
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #handshaken = false;
  #waiter: ((result: ProbeResult) => void) | null = null;
  #ended = false;
  readonly #ready: Promise<void>;

  private constructor(port: number, path: string) {
    this.#socket = connect(port, '127.0.0.1');
    this.#socket.setNoDelay(true);
    this.#ready = new Promise((resolve, reject) => {
      this.#socket.once('error', reject);
      this.#socket.on('data', (chunk: Buffer) => {
        this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
        if (!this.#handshaken) {
          const end = this.#buffer.indexOf('\r\n\r\n');
          if (end < 0) return;
          const head = this.#buffer.subarray(0, end).toString('latin1');
          this.#buffer = this.#buffer.subarray(end + 4);
          if (!head.startsWith('HTTP/1.1 101')) {
            reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
            this.#socket.destroy();
            return;
          }
          this.#handshaken = true;
        }
        this.#readFrames(resolve);
      });
    });
    this.#ready.catch(() => {});
    this.#socket.on('error', () => {});
    this.#socket.on('close', () => {
      this.#ended = true;
      this.#settle({
        accepted: false,
        code: null,
        reason: 'connection ended without a close frame',
      });
    });
    this.#socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${Buffer.from(String(Math.random()).slice(2, 18).padEnd(16, '0')).toString('base64')}\r\n` +
        'Sec-WebSocket-Version: 13\r\n\r\n',
    );
  }

  /**
   * Resolves once the server has sent its first message (its sync step 1): only then does
   * it handle frames as they come; before, it holds them until the board is loaded while
   * `ws` already answers pings, and a pong would not mean "accepted".
   */
  static async open(port: number, path: string): Promise<RawSocket> {
    const socket = new RawSocket(port, path);
    await socket.#ready;
    return socket;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /**
   * Sends `data` as one frame followed by a ping. The server handles frames in order, so
   * a pong means the frame was accepted and a close frame means it was refused.
   */
  probe(data: Uint8Array | string): Promise<ProbeResult> {
    if (this.#ended) return Promise.reject(new Error('socket already ended'));
    const result = new Promise<ProbeResult>((resolve) => (this.#waiter = resolve));
    const payload = typeof data === 'string' ? Buffer.from(data) : data;
    this.#socket.write(frame(typeof data === 'string' ? OP_TEXT : OP_BINARY, payload));
    this.#socket.write(frame(OP_PING, Buffer.alloc(0)));
    return result;
  }

  /** Sends only a frame header announcing `length` bytes: enough for a size check. */
  announce(length: number): Promise<ProbeResult> {
    const result = new Promise<ProbeResult>((resolve) => (this.#waiter = resolve));
    this.#socket.write(header(OP_BINARY, length));
    return result;
  }

  destroy(): void {
    this.#socket.destroy();
  }

  #settle(result: ProbeResult): void {
    const waiter = this.#waiter;
    this.#waiter = null;
    waiter?.(result);
  }

  #readFrames(started: () => void): void {
    for (;;) {
      const b = this.#buffer;
      if (b.length < 2) return;
      let length = b[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (b.length < 4) return;
        length = b.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (b.length < 10) return;
        length = Number(b.readBigUInt64BE(2));
        offset = 10;
      }
      if (b.length < offset + length) return;
      const opcode = b[0]! & 0x0f;
      const payload = b.subarray(offset, offset + length);
      this.#buffer = b.subarray(offset + length);
      if (opcode === OP_BINARY) started();
      if (opcode === OP_PONG) this.#settle({ accepted: true });
      if (opcode === OP_CLOSE) {
        this.#settle({
          accepted: false,
          code: payload.length >= 2 ? payload.readUInt16BE(0) : 1005,
          reason: payload.subarray(2).toString('utf8'),
        });
        this.#ended = true;
        this.#socket.end();
        return;
      }
    }
  }
}

function header(opcode: number, length: number): Buffer {
  const size = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const head = Buffer.alloc(size + 4); // + a zero masking key
  head[0] = 0x80 | opcode;
  if (length < 126) {
    head[1] = 0x80 | length;
  } else if (length < 65_536) {
    head[1] = 0x80 | 126;
    head.writeUInt16BE(length, 2);
  } else {
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  return head;
}

function frame(opcode: number, payload: Uint8Array): Buffer {
  return Buffer.concat([header(opcode, payload.length), payload]);
}
