import type { DatabaseSync } from 'node:sqlite';
import { BoardNotFoundError } from './errors.ts';
import { SNAPSHOT_COLUMNS, TEMPLATE_COLUMNS, toSnapshot, toTemplate } from './history-rows.ts';
import type { SnapshotStore, TemplateStore } from './history-types.ts';
import { settle } from './sqlite-util.ts';

function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Error && /FOREIGN KEY constraint failed/.test(error.message);
}

/** Snapshots and templates over the connection `createSqliteStorage` opened. */
export function createSqliteHistoryStores(db: DatabaseSync): {
  snapshots: SnapshotStore;
  templates: TemplateStore;
} {
  const sql = {
    insert: db.prepare(
      `INSERT INTO snapshots (id, board_id, name, kind, created_by, created_at, state)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    // One statement: the check and the insert cannot interleave with another writer.
    insertIfDue: db.prepare(
      `INSERT INTO snapshots (id, board_id, name, kind, created_by, created_at, state)
       SELECT ?, ?, ?, ?, ?, ?, ?
       WHERE NOT EXISTS (
         SELECT 1 FROM snapshots WHERE board_id = ? AND kind = ? AND created_at > ?
       )`,
    ),
    get: db.prepare(`SELECT ${SNAPSHOT_COLUMNS} FROM snapshots WHERE board_id = ? AND id = ?`),
    list: db.prepare(
      `SELECT ${SNAPSHOT_COLUMNS} FROM snapshots WHERE board_id = ?
       ORDER BY created_at DESC, id DESC LIMIT ?`,
    ),
    state: db.prepare('SELECT state FROM snapshots WHERE board_id = ? AND id = ?'),
    latest: db.prepare(
      'SELECT max(created_at) AS at FROM snapshots WHERE board_id = ? AND kind = ?',
    ),
    insertTemplate: db.prepare(
      `INSERT INTO board_templates (id, name, description, created_by, created_at, body)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    listTemplates: db.prepare(
      `SELECT ${TEMPLATE_COLUMNS} FROM board_templates WHERE created_by = ?
       ORDER BY created_at DESC, id`,
    ),
    templateBody: db.prepare('SELECT body FROM board_templates WHERE id = ? AND created_by = ?'),
    deleteTemplate: db.prepare('DELETE FROM board_templates WHERE id = ? AND created_by = ?'),
  };

  const snapshots: SnapshotStore = {
    create: (snapshot) =>
      settle(() => {
        const createdAt = snapshot.createdAt ?? Date.now();
        try {
          sql.insert.run(
            snapshot.id,
            snapshot.boardId,
            snapshot.name,
            snapshot.kind,
            snapshot.createdBy ?? null,
            createdAt,
            snapshot.state,
          );
        } catch (error) {
          if (isForeignKeyViolation(error)) throw new BoardNotFoundError(snapshot.boardId);
          throw error;
        }
        return toSnapshot(sql.get.get(snapshot.boardId, snapshot.id)!);
      }),
    createIfDue: (snapshot, minIntervalMs) =>
      settle(() => {
        const createdAt = snapshot.createdAt ?? Date.now();
        let changes: number | bigint;
        try {
          ({ changes } = sql.insertIfDue.run(
            snapshot.id,
            snapshot.boardId,
            snapshot.name,
            snapshot.kind,
            snapshot.createdBy ?? null,
            createdAt,
            snapshot.state,
            snapshot.boardId,
            snapshot.kind,
            createdAt - minIntervalMs,
          ));
        } catch (error) {
          if (isForeignKeyViolation(error)) throw new BoardNotFoundError(snapshot.boardId);
          throw error;
        }
        return Number(changes) === 0
          ? null
          : toSnapshot(sql.get.get(snapshot.boardId, snapshot.id)!);
      }),
    list: (boardId, limit = 100) => settle(() => sql.list.all(boardId, limit).map(toSnapshot)),
    get: (boardId, id) =>
      settle(() => {
        const row = sql.get.get(boardId, id);
        return row ? toSnapshot(row) : null;
      }),
    getState: (boardId, id) =>
      settle(() => {
        const row = sql.state.get(boardId, id);
        return row ? (row.state as Uint8Array) : null;
      }),
    latestAt: (boardId, kind) =>
      settle(() => {
        const at = sql.latest.get(boardId, kind)?.at;
        return at === null || at === undefined ? null : Number(at);
      }),
  };

  const templates: TemplateStore = {
    create: (template) =>
      settle(() => {
        const createdAt = template.createdAt ?? Date.now();
        const description = template.description ?? '';
        sql.insertTemplate.run(
          template.id,
          template.name,
          description,
          template.createdBy,
          createdAt,
          template.body,
        );
        return {
          id: template.id,
          name: template.name,
          description,
          createdBy: template.createdBy,
          createdAt,
        };
      }),
    listForUser: (userId) => settle(() => sql.listTemplates.all(userId).map(toTemplate)),
    getBody: (id, userId) =>
      settle(() => {
        const row = sql.templateBody.get(id, userId);
        return row ? String(row.body) : null;
      }),
    delete: (id, userId) => settle(() => Number(sql.deleteTemplate.run(id, userId).changes) > 0),
  };

  return { snapshots, templates };
}
