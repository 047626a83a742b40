import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/**
 * The peers' storage in the benchmark: node:sqlite in a temp dir, WAL and
 * synchronous=NORMAL (what a production setup would pick), so they pay for durability
 * like our server does. `PERSISTENCE=none` runs them in memory only.
 */
export function openBenchDatabase(): DatabaseSync | null {
  if (process.env.PERSISTENCE === 'none') return null;
  const dir = process.env.DATA_DIR ?? '.';
  mkdirSync(dir, { recursive: true });
  const db = new DatabaseSync(join(dir, 'peer.db'));
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
  return db;
}

export function listeningLine(name: string, host: string, port: number): string {
  return `${name} listening on http://${host}:${port}`;
}
