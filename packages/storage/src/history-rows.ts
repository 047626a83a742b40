import type { BoardTemplate, SnapshotKind, SnapshotSummary } from './history-types.ts';

type Row = Record<string, unknown>;

export const SNAPSHOT_COLUMNS =
  'id, board_id, name, kind, created_by, created_at, length(state) AS size';
export const TEMPLATE_COLUMNS = 'id, name, description, created_by, created_at';

/** Reads a driver row (BIGINT arrives as a string from pg). */
export function toSnapshot(row: Row): SnapshotSummary {
  return {
    id: String(row.id),
    boardId: String(row.board_id),
    name: String(row.name),
    kind: String(row.kind) as SnapshotKind,
    createdBy: typeof row.created_by === 'string' ? row.created_by : null,
    createdAt: Number(row.created_at),
    size: Number(row.size),
  };
}

export function toTemplate(row: Row): BoardTemplate {
  return {
    id: String(row.id),
    name: String(row.name),
    description: String(row.description),
    createdBy: String(row.created_by),
    createdAt: Number(row.created_at),
  };
}

export function optionalNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
