import type pg from 'pg';
import { BoardNotFoundError } from './errors.ts';
import { SNAPSHOT_COLUMNS, TEMPLATE_COLUMNS, toSnapshot, toTemplate } from './history-rows.ts';
import type { NewSnapshot, SnapshotStore, TemplateStore } from './history-types.ts';

type Row = Record<string, unknown>;

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function isForeignKeyViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23503';
}

const INSERT = `INSERT INTO snapshots (id, board_id, name, kind, created_by, created_at, state)
  VALUES ($1, $2, $3, $4, $5, $6, $7)`;

function insertValues(snapshot: NewSnapshot, createdAt: number): unknown[] {
  return [
    snapshot.id,
    snapshot.boardId,
    snapshot.name,
    snapshot.kind,
    snapshot.createdBy ?? null,
    createdAt,
    toBuffer(snapshot.state),
  ];
}

/** Snapshots and templates over the pool `createPostgresStorage` opened. */
export function createPostgresHistoryStores(pool: pg.Pool): {
  snapshots: SnapshotStore;
  templates: TemplateStore;
} {
  async function rows(text: string, values: unknown[] = []): Promise<Row[]> {
    return (await pool.query<Row>(text, values)).rows;
  }

  async function get(boardId: string, id: string) {
    const [row] = await rows(
      `SELECT ${SNAPSHOT_COLUMNS} FROM snapshots WHERE board_id = $1 AND id = $2`,
      [boardId, id],
    );
    return row ? toSnapshot(row) : null;
  }

  const snapshots: SnapshotStore = {
    async create(snapshot) {
      try {
        await pool.query(INSERT, insertValues(snapshot, snapshot.createdAt ?? Date.now()));
      } catch (error) {
        if (isForeignKeyViolation(error)) throw new BoardNotFoundError(snapshot.boardId);
        throw error;
      }
      return (await get(snapshot.boardId, snapshot.id))!;
    },
    async createIfDue(snapshot, minIntervalMs) {
      const createdAt = snapshot.createdAt ?? Date.now();
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        try {
          // The board row lock serialises nodes; the check below is a new statement, so
          // under READ COMMITTED it sees a snapshot the other node committed meanwhile.
          const locked = await client.query('SELECT id FROM boards WHERE id = $1 FOR UPDATE', [
            snapshot.boardId,
          ]);
          if (locked.rowCount === 0) throw new BoardNotFoundError(snapshot.boardId);
          const recent = await client.query(
            'SELECT 1 FROM snapshots WHERE board_id = $1 AND kind = $2 AND created_at > $3 LIMIT 1',
            [snapshot.boardId, snapshot.kind, createdAt - minIntervalMs],
          );
          const due = recent.rowCount === 0;
          if (due) await client.query(INSERT, insertValues(snapshot, createdAt));
          await client.query('COMMIT');
          return due ? await get(snapshot.boardId, snapshot.id) : null;
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      } finally {
        client.release();
      }
    },
    async list(boardId, limit = 100) {
      return (
        await rows(
          `SELECT ${SNAPSHOT_COLUMNS} FROM snapshots WHERE board_id = $1
           ORDER BY created_at DESC, id DESC LIMIT $2`,
          [boardId, limit],
        )
      ).map(toSnapshot);
    },
    get,
    async getState(boardId, id) {
      const [row] = await rows('SELECT state FROM snapshots WHERE board_id = $1 AND id = $2', [
        boardId,
        id,
      ]);
      if (!row) return null;
      const buffer = row.state as Buffer;
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    },
    async latestAt(boardId, kind) {
      const [row] = await rows(
        'SELECT max(created_at) AS at FROM snapshots WHERE board_id = $1 AND kind = $2',
        [boardId, kind],
      );
      return row?.at === null || row?.at === undefined ? null : Number(row.at);
    },
  };

  const templates: TemplateStore = {
    async create(template) {
      const createdAt = template.createdAt ?? Date.now();
      const description = template.description ?? '';
      await pool.query(
        `INSERT INTO board_templates (id, name, description, created_by, created_at, body)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [template.id, template.name, description, template.createdBy, createdAt, template.body],
      );
      return {
        id: template.id,
        name: template.name,
        description,
        createdBy: template.createdBy,
        createdAt,
      };
    },
    async listForUser(userId) {
      return (
        await rows(
          `SELECT ${TEMPLATE_COLUMNS} FROM board_templates WHERE created_by = $1
           ORDER BY created_at DESC, id`,
          [userId],
        )
      ).map(toTemplate);
    },
    async getBody(id, userId) {
      const [row] = await rows(
        'SELECT body FROM board_templates WHERE id = $1 AND created_by = $2',
        [id, userId],
      );
      return row ? String(row.body) : null;
    },
    async delete(id, userId) {
      const result = await pool.query(
        'DELETE FROM board_templates WHERE id = $1 AND created_by = $2',
        [id, userId],
      );
      return (result.rowCount ?? 0) > 0;
    },
  };

  return { snapshots, templates };
}
