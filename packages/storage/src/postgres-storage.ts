import pg from 'pg';
import { BoardExistsError, BoardNotFoundError, CompactRangeError, checkUptoSeq } from './errors.ts';
import { createPostgresAccountStores } from './postgres-accounts.ts';
import { createPostgresBallotStore } from './postgres-ballots.ts';
import { createPostgresHistoryStores } from './postgres-history.ts';
import { createPostgresInboxStore } from './postgres-inbox.ts';
import { createPostgresNotificationStore } from './postgres-notifications.ts';
import { createPostgresIdentityStore } from './postgres-identities.ts';
import { createPostgresInstanceStore, createPostgresEmailTokenStore } from './postgres-instance.ts';
import { optionalNumber } from './history-rows.ts';
import { migratePostgres, postgresSchemaVersion } from './postgres-migrate.ts';
import type { BoardStore, BoardSummary, Storage, UpdateLog } from './types.ts';

export interface PostgresStorageOptions {
  /** postgres:// or postgresql:// URL. */
  connectionString: string;
  /** Tables live in this schema (it must exist); tests use one per run. Default: search_path. */
  schema?: string;
  /** Pool size. */
  max?: number;
}

type Row = Record<string, unknown>;

const BOARD_COLUMNS = 'id, title, created_by, created_at, updated_at';

function toBoard(row: Row): BoardSummary {
  return {
    id: String(row.id),
    title: String(row.title),
    createdBy: typeof row.created_by === 'string' ? row.created_by : null,
    // BIGINT arrives as a string; epoch milliseconds fit a double exactly.
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** A view, not a copy: pg hands out Buffers, callers expect plain Uint8Arrays. */
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * Numbers the new entries from the board's counter and inserts them, in one statement and
 * so one transaction. The UPDATE locks the board row: an append from another node waits,
 * then re-reads the bumped counter (READ COMMITTED re-evaluates the updated row), so two
 * nodes can never take the same seq.
 */
const APPEND = `
WITH board AS (
  UPDATE boards SET last_seq = last_seq + cardinality($2::bytea[])
  WHERE id = $1
  RETURNING last_seq
), inserted AS (
  INSERT INTO doc_updates (board_id, seq, bytes, author, at)
  SELECT $1, board.last_seq - cardinality($2::bytea[]) + entry.ord, entry.bytes,
    ($3::text[])[entry.ord], $4::bigint
  FROM board, unnest($2::bytea[]) WITH ORDINALITY AS entry (bytes, ord)
)
SELECT last_seq FROM board`;

export async function createPostgresStorage(options: PostgresStorageOptions): Promise<Storage> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    ...(options.schema ? { options: `-c search_path=${pgIdentifier(options.schema)}` } : {}),
  });
  // An idle connection dropped by the server would otherwise crash the process; the pool
  // replaces it and the next query reports any lasting outage.
  pool.on('error', (error) => {
    console.error('storage: idle PostgreSQL connection failed', error);
  });
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }

  async function rows(text: string, values: unknown[] = []): Promise<Row[]> {
    return (await pool.query<Row>(text, values)).rows;
  }

  const accounts = createPostgresAccountStores(pool);

  const boards: BoardStore = {
    async create(board) {
      const now = Date.now();
      try {
        await pool.query(
          `INSERT INTO boards (id, title, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`,
          [board.id, board.title, board.createdBy ?? null, now],
        );
      } catch (error) {
        if ((error as { code?: unknown }).code === '23505') throw new BoardExistsError(board.id);
        throw error;
      }
      return {
        id: board.id,
        title: board.title,
        createdBy: board.createdBy ?? null,
        createdAt: now,
        updatedAt: now,
      };
    },
    async get(id) {
      const [row] = await rows(`SELECT ${BOARD_COLUMNS} FROM boards WHERE id = $1`, [id]);
      return row ? toBoard(row) : null;
    },
    async list() {
      return (await rows(`SELECT ${BOARD_COLUMNS} FROM boards ORDER BY updated_at DESC, id`)).map(
        toBoard,
      );
    },
    async rename(id, title) {
      await pool.query(
        'UPDATE boards SET title = $1, updated_at = greatest(updated_at, $2) WHERE id = $3',
        [title, Date.now(), id],
      );
    },
    async delete(id) {
      await pool.query('DELETE FROM boards WHERE id = $1', [id]);
    },
    async touch(id, at = Date.now()) {
      await pool.query('UPDATE boards SET updated_at = greatest(updated_at, $1) WHERE id = $2', [
        at,
        id,
      ]);
    },
    listForUser: accounts.listBoardsForUser,
  };

  const updates: UpdateLog = {
    async append(boardId, entries, authors) {
      const [row] = await rows(APPEND, [
        boardId,
        entries.map(toBuffer),
        entries.map((_bytes, index) => authors?.[index] ?? null),
        Date.now(),
      ]);
      if (!row) throw new BoardNotFoundError(boardId);
      return Number(row.last_seq);
    },
    async load(boardId) {
      const result = await rows(
        'SELECT seq, bytes FROM doc_updates WHERE board_id = $1 ORDER BY seq',
        [boardId],
      );
      return result.map((row) => ({ seq: Number(row.seq), bytes: toBytes(row.bytes as Buffer) }));
    },
    async loadAfter(boardId, afterSeq) {
      const result = await rows(
        'SELECT seq, bytes FROM doc_updates WHERE board_id = $1 AND seq > $2 ORDER BY seq',
        [boardId, afterSeq],
      );
      return result.map((row) => ({ seq: Number(row.seq), bytes: toBytes(row.bytes as Buffer) }));
    },
    async loadAttributed(boardId) {
      const result = await rows(
        'SELECT seq, bytes, author, at FROM doc_updates WHERE board_id = $1 ORDER BY seq',
        [boardId],
      );
      return result.map((row) => ({
        seq: Number(row.seq),
        bytes: toBytes(row.bytes as Buffer),
        author: typeof row.author === 'string' ? row.author : null,
        at: optionalNumber(row.at),
      }));
    },
    async count(boardId) {
      const [row] = await rows('SELECT count(*) AS n FROM doc_updates WHERE board_id = $1', [
        boardId,
      ]);
      return Number(row?.n ?? 0);
    },
    async compact(boardId, merged, uptoSeq) {
      checkUptoSeq(uptoSeq);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        try {
          // The board row lock queues this behind appends and other compactions of the
          // board, so the prefix deleted and the row inserted are seen by nobody half-done.
          const { rows: locked } = await client.query<Row>(
            'SELECT last_seq FROM boards WHERE id = $1 FOR NO KEY UPDATE',
            [boardId],
          );
          const board = locked[0];
          if (!board) throw new BoardNotFoundError(boardId);
          const last = Number(board.last_seq);
          if (uptoSeq > last) throw new CompactRangeError(boardId, uptoSeq, last);
          await client.query('DELETE FROM doc_updates WHERE board_id = $1 AND seq <= $2', [
            boardId,
            uptoSeq,
          ]);
          await client.query(
            `INSERT INTO doc_updates (board_id, seq, bytes) VALUES ($1, $2, $3)
             ON CONFLICT (board_id, seq) DO UPDATE SET bytes = excluded.bytes`,
            [boardId, uptoSeq, toBuffer(merged)],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      } finally {
        client.release();
      }
    },
  };

  return {
    kind: 'postgres',
    boards,
    updates,
    users: accounts.users,
    sessions: accounts.sessions,
    members: accounts.members,
    invites: accounts.invites,
    ballots: createPostgresBallotStore(pool),
    ...createPostgresHistoryStores(pool),
    instance: createPostgresInstanceStore(pool),
    emailTokens: createPostgresEmailTokenStore(pool),
    notifications: createPostgresNotificationStore(pool),
    inbox: createPostgresInboxStore(pool),
    identities: createPostgresIdentityStore(pool),
    schemaVersion: () => postgresSchemaVersion(pool),
    close: async () => {
      if (!pool.ended && !pool.ending) await pool.end();
    },
  };
}

/** Quotes an identifier for the startup `options` string (search_path). */
function pgIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsupported schema name: ${name}`);
  return name;
}
