// A sync server in a process of its own for the decoder fuzz: the fuzzer's sockets and
// the server then run on different cores, and "the server never crashes" means what it
// says, since a crash would end this process. Limits come from JB_LIMITS (JSON).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createSqliteStorage } from '@journeyboard/storage';
import { createSyncServer } from '../server.ts';

const storage = createSqliteStorage({ file: process.env.JB_DB_FILE ?? ':memory:' });
const sync = createSyncServer({
  storage,
  noAuth: true,
  logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  limits: JSON.parse(process.env.JB_LIMITS ?? '{}') as Record<string, number>,
});
const http = createServer((req, res) => {
  if (!sync.handleHttp(req, res)) {
    res.writeHead(404);
    res.end();
  }
});
sync.attach(http);
http.listen(0, '127.0.0.1', () => {
  console.log(`fuzz server listening on port ${(http.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => {
  void sync
    .close()
    .then(() => storage.close())
    .then(() => process.exit(0));
});
