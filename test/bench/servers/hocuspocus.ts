// Hocuspocus 4 with its Database extension over node:sqlite: the stock way to persist,
// a debounced store of the full document state.
import { Database } from '@hocuspocus/extension-database';
import { Server } from '@hocuspocus/server';
import { listeningLine, openBenchDatabase } from './sqlite-store.ts';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 0);
const db = openBenchDatabase();
const extensions = [];

if (db) {
  db.exec('CREATE TABLE IF NOT EXISTS documents (name TEXT PRIMARY KEY, state BLOB NOT NULL)');
  const select = db.prepare('SELECT state FROM documents WHERE name = ?');
  const upsert = db.prepare(
    'INSERT INTO documents (name, state) VALUES (?, ?) ' +
      'ON CONFLICT (name) DO UPDATE SET state = excluded.state',
  );
  extensions.push(
    new Database({
      fetch: ({ documentName }) => {
        const row = select.get(documentName) as { state: Uint8Array } | undefined;
        return Promise.resolve(row?.state ?? null);
      },
      store: ({ documentName, state }) => {
        upsert.run(documentName, state);
        return Promise.resolve();
      },
    }),
  );
}

const server = new Server({
  address: host,
  port,
  quiet: true,
  extensions,
  // Idle benchmark receivers send nothing; do not let the 60 s idle check close them.
  timeout: 10 * 60_000,
});
await server.listen();
console.log(listeningLine('hocuspocus', host, server.address.port));
