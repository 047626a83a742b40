// The floor of the fan-out: a WebSocket server with no document and no storage. Each
// update (or awareness) frame a client sends is framed once and written, as the same
// bytes, to every other socket on the board: one write per socket per message. No Yjs
// server can send a message to N sockets for less, so the bench prints ours ÷ this.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { listeningLine } from './sqlite-store.ts';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 0);

const SYNC = 0;
const AWARENESS = 1;
const STEP1 = 0;
const UPDATE = 2;
/** Sync step 2 carrying an empty update: what a client waits for before it counts as joined. */
const EMPTY_STEP2 = frameBinary(new Uint8Array([SYNC, 1, 2, 0, 0]));

interface Member {
  ws: WebSocket;
  raw: Duplex;
}
const boards = new Map<string, Set<Member>>();

/** One unmasked, final, binary frame (RFC 6455 §5.2): built once, written to every socket. */
function frameBinary(payload: Uint8Array): Buffer {
  const length = payload.length;
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x82;
  if (length < 126) frame[1] = length;
  else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.set(payload, header);
  return frame;
}

function join(board: string, member: Member): void {
  const members = boards.get(board) ?? new Set<Member>();
  boards.set(board, members);
  members.add(member);
  member.ws.on('close', () => {
    members.delete(member);
    if (members.size === 0) boards.delete(board);
  });
  member.ws.on('error', () => {});
  member.ws.on('message', (data: Buffer) => {
    const type = data[0];
    if (type === SYNC && data[1] === STEP1) {
      member.raw.write(EMPTY_STEP2);
      return;
    }
    const relayed = (type === SYNC && data[1] === UPDATE) || type === AWARENESS;
    if (!relayed) return;
    const frame = frameBinary(data);
    for (const other of members) if (other !== member) other.raw.write(frame);
  });
}

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const http = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('okay');
});
http.on('upgrade', (req, socket, head) => {
  const board = new URL(req.url ?? '/', 'http://relay').pathname;
  wss.handleUpgrade(req, socket, head, (ws) => join(board, { ws, raw: socket }));
});
http.listen(port, host, () => {
  const { port: actual } = http.address() as AddressInfo;
  console.log(listeningLine('raw-relay', host, actual));
});
process.on('SIGTERM', () => process.exit(0));
