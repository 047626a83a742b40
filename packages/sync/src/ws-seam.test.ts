import { createServer, request } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { CloseCode } from '@journeyboard/protocol';
import { frameBinary } from './socket-writer.ts';
import { Resources } from './test/helpers.ts';
import { mapProtocolCloses } from './ws-seam.ts';

/**
 * Contract tests of the `ws` library: the behaviour `ws-seam.ts` and `socket-writer.ts`
 * rely on, against the real library on 127.0.0.1. When an upgrade of `ws` breaks one of
 * these, re-read the seam before bumping the pinned version in `pnpm-workspace.yaml`.
 */

const MAX_FRAME_BYTES = 64;
const resources = new Resources();
afterEach(() => resources.closeAll());

interface Server {
  port: number;
  /** Each accepted socket, with the TCP stream `handleUpgrade` handed over. */
  accepted: Promise<{ ws: WebSocket; raw: Duplex }>;
  mapped: number[];
}

/** A real `ws` server set up as the sync server sets up its own (see `server.ts`). */
async function startServer(): Promise<Server> {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
  });
  const mapped: number[] = [];
  let resolveAccepted!: (value: { ws: WebSocket; raw: Duplex }) => void;
  const accepted = new Promise<{ ws: WebSocket; raw: Duplex }>((r) => (resolveAccepted = r));
  const http = createServer();
  http.on('upgrade', (req, raw: Duplex, head: Buffer) => {
    wss.handleUpgrade(req, raw, head, (ws) => {
      ws.on('error', () => {});
      mapProtocolCloses(ws, { maxFrameBytes: MAX_FRAME_BYTES }, (code) => mapped.push(code));
      resolveAccepted({ ws, raw });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  resources.add(http, async (h) => {
    for (const client of wss.clients) client.terminate();
    wss.close();
    h.closeAllConnections();
    await new Promise((resolve) => h.close(resolve));
  });
  return { port: (http.address() as AddressInfo).port, accepted, mapped };
}

/** A hand-made client: the upgrade handshake, then whatever bytes a test writes. */
async function rawClient(port: number): Promise<{ socket: Socket; closeFrame: Promise<Buffer> }> {
  const socket = await new Promise<Socket>((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path: '/',
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.from('0123456789abcdef').toString('base64'),
      },
    });
    req.on('upgrade', (_res, upgraded: Socket) => resolve(upgraded));
    req.on('response', (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
    req.on('error', reject);
    req.end();
  });
  resources.add(socket, (s) => s.destroy());
  const closeFrame = new Promise<Buffer>((resolve, reject) => {
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      // The server's frames are unmasked; a close frame is opcode 8.
      if (received.length >= 2 && (received[0]! & 0x0f) === 0x8) {
        const length = received[1]! & 0x7f;
        if (received.length >= 2 + length) resolve(received.subarray(2, 2 + length));
      }
    });
    socket.on('close', () => reject(new Error('closed without a close frame')));
  });
  return { socket, closeFrame };
}

/** One final client frame: `opcode`, masked with a zero mask as RFC 6455 requires. */
function clientFrame(opcode: number, payload: Buffer, firstByteExtra = 0): Buffer {
  const header =
    payload.length < 126
      ? Buffer.from([0x80 | firstByteExtra | opcode, 0x80 | payload.length])
      : Buffer.from([
          0x80 | firstByteExtra | opcode,
          0x80 | 126,
          payload.length >> 8,
          payload.length & 0xff,
        ]);
  return Buffer.concat([header, Buffer.alloc(4), payload]);
}

async function closeAfter(frame: Buffer) {
  const server = await startServer();
  const client = await rawClient(server.port);
  await server.accepted;
  client.socket.write(frame);
  const body = await client.closeFrame;
  return {
    code: body.readUInt16BE(0),
    reason: body.subarray(2).toString('utf8'),
    mapped: server.mapped,
  };
}

describe('ws contract: protocol-breaking frames are closed through the instance close', () => {
  it('a frame over maxPayload (ws: 1009) closes with our message-too-large code and a reason', async () => {
    const closed = await closeAfter(clientFrame(0x2, Buffer.alloc(MAX_FRAME_BYTES + 1)));
    expect(closed).toEqual({
      code: CloseCode.MessageTooLarge,
      reason: `frame over ${MAX_FRAME_BYTES} bytes`,
      mapped: [CloseCode.MessageTooLarge],
    });
  });

  it('a reserved opcode (ws: 1002) closes with our malformed-message code', async () => {
    const closed = await closeAfter(clientFrame(0x3, Buffer.from([1])));
    expect(closed).toEqual({
      code: CloseCode.MalformedMessage,
      reason: 'invalid WebSocket frame',
      mapped: [CloseCode.MalformedMessage],
    });
  });

  it('a text frame that is not UTF-8 (ws: 1007) closes with our malformed-message code', async () => {
    const closed = await closeAfter(clientFrame(0x1, Buffer.from([0xff, 0xfe, 0xfd])));
    expect(closed).toEqual({
      code: CloseCode.MalformedMessage,
      reason: 'invalid WebSocket frame',
      mapped: [CloseCode.MalformedMessage],
    });
  });

  it('a close the peer starts is echoed with its own code, not remapped', async () => {
    const body = Buffer.alloc(2);
    body.writeUInt16BE(1000);
    const closed = await closeAfter(clientFrame(0x8, body));
    expect(closed).toEqual({ code: 1000, reason: '', mapped: [] });
  });
});

describe('ws contract: data frames written to the raw socket (socket-writer.ts)', () => {
  it('interleave in order with the control frames ws writes itself, so ws queues none of its own', async () => {
    const server = await startServer();
    const client = new WebSocket(`ws://127.0.0.1:${server.port}/`, { perMessageDeflate: false });
    resources.add(client, (c) => c.terminate());
    const seen: string[] = [];
    client.on('message', (data: Buffer) => seen.push(`message ${data.toString()}`));
    client.on('ping', () => seen.push('ping'));
    const { ws, raw } = await server.accepted;
    await new Promise((resolve) => client.once('open', resolve));

    raw.write(frameBinary(new TextEncoder().encode('first')));
    ws.ping();
    raw.write(frameBinary(new TextEncoder().encode('second')));

    await expect.poll(() => seen.length).toBe(3);
    expect(seen).toEqual(['message first', 'ping', 'message second']);
  });
});
