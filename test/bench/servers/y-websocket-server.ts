// The stock y-websocket server (@y/websocket-server 0.1.1) as its bin runs it, on ws 8,
// with an update-log persistence on node:sqlite in place of its LevelDB one.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as Y from 'yjs';
import { WebSocketServer } from 'ws';
import { setPersistence, setupWSConnection } from '@y/websocket-server/utils';
import { listeningLine, openBenchDatabase } from './sqlite-store.ts';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 0);
const db = openBenchDatabase();

if (db) {
  db.exec('CREATE TABLE IF NOT EXISTS updates (doc TEXT NOT NULL, bytes BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO updates (doc, bytes) VALUES (?, ?)');
  const load = db.prepare('SELECT bytes FROM updates WHERE doc = ? ORDER BY rowid');
  // Mirrors y-leveldb: every update is stored as it arrives; the state is their merge.
  setPersistence({
    provider: db,
    bindState: (name: string, doc: Y.Doc) => {
      const rows = load.all(name) as { bytes: Uint8Array }[];
      if (rows.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(rows.map((r) => r.bytes)));
      doc.on('update', (update: Uint8Array) => insert.run(name, update));
    },
    writeState: () => Promise.resolve(),
  });
}

const wss = new WebSocketServer({ noServer: true });
const http = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('okay');
});
http.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req));
});
http.listen(port, host, () => {
  const { port: actual } = http.address() as AddressInfo;
  console.log(listeningLine('y-websocket-server', host, actual));
});
process.on('SIGTERM', () => process.exit(0));
