import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { BoardExistsError, BoardNotFoundError, CompactRangeError, checkUptoSeq } from './errors.ts';
import { createSqliteAccountStores } from './sqlite-accounts.ts';
import { createSqliteBallotStore } from './sqlite-ballots.ts';
import { createSqliteHistoryStores } from './sqlite-history.ts';
import { createSqliteInboxStore } from './sqlite-inbox.ts';
import { createSqliteNotificationStore } from './sqlite-notifications.ts';
import { createSqliteIdentityStore } from './sqlite-identities.ts';
import { createSqliteInstanceStore, createSqliteEmailTokenStore } from './sqlite-instance.ts';
import { optionalNumber } from './history-rows.ts';
import { migrateSqlite, sqliteSchemaVersion } from './sqlite-migrate.ts';
import { isSqliteUniqueViolation, settle } from './sqlite-util.ts';
import type { BoardStore, BoardSummary, Storage, UpdateLog } from './types.ts';

export interface SqliteStorageOptions {
  /** A file path (its folder is created), or ':memory:'. */
  file: string;
  /** How long a write waits for another process's lock before failing. */
  busyTimeoutMs?: number;
}

type Row = Record<string, unknown>;

function toBoard(row: Row): BoardSummary {
  return {
    id: String(row.id),
    title: String(row.title),
    createdBy: typeof row.created_by === 'string' ? row.created_by : null,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/**
 * The embedded default. WAL with synchronous=NORMAL: a committed transaction survives the
 * process being killed (it is in the WAL, handed to the OS); only a power cut or kernel
 * crash can lose the last commits, which is the guarantee we give.
 */
export function createSqliteStorage(options: SqliteStorageOptions): Storage {
  if (options.file !== ':memory:') mkdirSync(path.dirname(options.file), { recursive: true });
  const db = new DatabaseSync(options.file, { enableForeignKeyConstraints: true });
  db.exec(`PRAGMA busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
  migrateSqlite(db);

  const sql = {
    insertBoard: db.prepare(
      `INSERT INTO boards (id, title, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
    ),
    getBoard: db.prepare(
      'SELECT id, title, created_by, created_at, updated_at FROM boards WHERE id = ?',
    ),
    listBoards: db.prepare(
      'SELECT id, title, created_by, created_at, updated_at FROM boards ORDER BY updated_at DESC, id',
    ),
    rename: db.prepare('UPDATE boards SET title = ?, updated_at = max(updated_at, ?) WHERE id = ?'),
    deleteBoard: db.prepare('DELETE FROM boards WHERE id = ?'),
    touch: db.prepare('UPDATE boards SET updated_at = max(updated_at, ?) WHERE id = ?'),
    takeSeqs: db.prepare(
      'UPDATE boards SET last_seq = last_seq + ? WHERE id = ? RETURNING last_seq',
    ),
    lastSeq: db.prepare('SELECT last_seq FROM boards WHERE id = ?'),
    insertUpdate: db.prepare(
      'INSERT INTO doc_updates (board_id, seq, bytes, author, at) VALUES (?, ?, ?, ?, ?)',
    ),
    loadAttributed: db.prepare(
      'SELECT seq, bytes, author, at FROM doc_updates WHERE board_id = ? ORDER BY seq',
    ),
    load: db.prepare('SELECT seq, bytes FROM doc_updates WHERE board_id = ? ORDER BY seq'),
    loadAfter: db.prepare(
      'SELECT seq, bytes FROM doc_updates WHERE board_id = ? AND seq > ? ORDER BY seq',
    ),
    count: db.prepare('SELECT count(*) AS n FROM doc_updates WHERE board_id = ?'),
    deletePrefix: db.prepare('DELETE FROM doc_updates WHERE board_id = ? AND seq <= ?'),
    upsertUpdate: db.prepare(
      `INSERT INTO doc_updates (board_id, seq, bytes) VALUES (?, ?, ?)
       ON CONFLICT (board_id, seq) DO UPDATE SET bytes = excluded.bytes`,
    ),
  };

  // Prepared once: every update's append is a transaction, and parsing BEGIN and COMMIT
  // again each time showed in the fan-out profile.
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  /** IMMEDIATE takes the write lock up front, so the transaction cannot fail half-way on it. */
  function transaction<T>(work: () => T): T {
    begin.run();
    try {
      const result = work();
      commit.run();
      return result;
    } catch (error) {
      // SQLite may already have rolled back on its own (e.g. disk full); a second ROLLBACK
      // would throw and hide the error that matters.
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }

  const accounts = createSqliteAccountStores(db);

  const boards: BoardStore = {
    create: (board) =>
      settle(() => {
        const now = Date.now();
        try {
          sql.insertBoard.run(board.id, board.title, board.createdBy ?? null, now, now);
        } catch (error) {
          if (isSqliteUniqueViolation(error)) throw new BoardExistsError(board.id);
          throw error;
        }
        return {
          id: board.id,
          title: board.title,
          createdBy: board.createdBy ?? null,
          createdAt: now,
          updatedAt: now,
        };
      }),
    get: (id) =>
      settle(() => {
        const row = sql.getBoard.get(id);
        return row ? toBoard(row) : null;
      }),
    list: () => settle(() => sql.listBoards.all().map(toBoard)),
    rename: (id, title) =>
      settle(() => {
        sql.rename.run(title, Date.now(), id);
      }),
    delete: (id) =>
      settle(() => {
        sql.deleteBoard.run(id);
      }),
    touch: (id, at = Date.now()) =>
      settle(() => {
        sql.touch.run(at, id);
      }),
    listForUser: accounts.listBoardsForUser,
  };

  const appendNow: NonNullable<UpdateLog['appendNow']> = (boardId, entries, authors) =>
    transaction(() => {
      const row = sql.takeSeqs.get(entries.length, boardId);
      if (!row) throw new BoardNotFoundError(boardId);
      const last = Number(row.last_seq);
      let seq = last - entries.length;
      const at = Date.now();
      entries.forEach((bytes, index) => {
        sql.insertUpdate.run(boardId, ++seq, bytes, authors?.[index] ?? null, at);
      });
      return last;
    });
  const updates: UpdateLog = {
    append: (boardId, entries, authors) => settle(() => appendNow(boardId, entries, authors)),
    appendNow,
    load: (boardId) =>
      settle(() =>
        sql.load.all(boardId).map((row) => ({
          seq: Number(row.seq),
          bytes: row.bytes as Uint8Array,
        })),
      ),
    loadAfter: (boardId, afterSeq) =>
      settle(() =>
        sql.loadAfter.all(boardId, afterSeq).map((row) => ({
          seq: Number(row.seq),
          bytes: row.bytes as Uint8Array,
        })),
      ),
    count: (boardId) => settle(() => Number(sql.count.get(boardId)?.n ?? 0)),
    loadAttributed: (boardId) =>
      settle(() =>
        sql.loadAttributed.all(boardId).map((row) => ({
          seq: Number(row.seq),
          bytes: row.bytes as Uint8Array,
          author: typeof row.author === 'string' ? row.author : null,
          at: optionalNumber(row.at),
        })),
      ),
    compact: (boardId, merged, uptoSeq) =>
      settle(() => {
        checkUptoSeq(uptoSeq);
        transaction(() => {
          const row = sql.lastSeq.get(boardId);
          if (!row) throw new BoardNotFoundError(boardId);
          const last = Number(row.last_seq);
          if (uptoSeq > last) throw new CompactRangeError(boardId, uptoSeq, last);
          sql.deletePrefix.run(boardId, uptoSeq);
          sql.upsertUpdate.run(boardId, uptoSeq, merged);
        });
      }),
  };

  return {
    kind: 'sqlite',
    boards,
    updates,
    users: accounts.users,
    sessions: accounts.sessions,
    members: accounts.members,
    invites: accounts.invites,
    ballots: createSqliteBallotStore(db),
    ...createSqliteHistoryStores(db),
    instance: createSqliteInstanceStore(db),
    emailTokens: createSqliteEmailTokenStore(db),
    notifications: createSqliteNotificationStore(db),
    inbox: createSqliteInboxStore(db),
    identities: createSqliteIdentityStore(db),
    schemaVersion: () => settle(() => sqliteSchemaVersion(db)),
    close: () =>
      settle(() => {
        if (db.isOpen) db.close();
      }),
  };
}
