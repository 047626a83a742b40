import type { BoardForUser, BoardMember, BoardRole, Invite, SessionRecord, User } from './types.ts';

/** A row as either driver returns it; PostgreSQL BIGINTs arrive as strings, hence Number(). */
export type Row = Record<string, unknown>;

/** The user columns every query selects, under the alias `u`. */
export const USER_COLUMNS =
  'u.id, u.email, u.display_name, u.colour, u.department, u.created_at, u.updated_at';

function nullable<T>(value: unknown, map: (value: unknown) => T): T | null {
  return value === null || value === undefined ? null : map(value);
}

export function toUser(row: Row): User {
  return {
    id: String(row.id),
    email: String(row.email),
    displayName: String(row.display_name),
    colour: String(row.colour),
    department: nullable(row.department, String),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** Session columns are aliased `s_*` so they can sit beside the user's in one join. */
export const SESSION_COLUMNS =
  's.id AS s_id, s.user_id AS s_user_id, s.expires_at AS s_expires_at, s.created_at AS s_created_at';

export function toSession(row: Row): SessionRecord {
  return {
    id: String(row.s_id),
    userId: String(row.s_user_id),
    expiresAt: Number(row.s_expires_at),
    createdAt: Number(row.s_created_at),
  };
}

export function toMember(row: Row): BoardMember {
  return {
    user: toUser(row),
    role: row.role as BoardRole,
    addedAt: Number(row.added_at),
    department: nullable(row.board_department, String),
  };
}

export function toBoardForUser(row: Row): BoardForUser {
  return {
    id: String(row.id),
    title: String(row.title),
    createdBy: nullable(row.created_by, String),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    role: row.role as BoardRole,
  };
}

export function toInvite(row: Row): Invite {
  return {
    id: String(row.id),
    boardId: String(row.board_id),
    role: row.role as BoardRole,
    createdBy: String(row.created_by),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    maxUses: nullable(row.max_uses, Number),
    uses: Number(row.uses),
    revokedAt: nullable(row.revoked_at, Number),
  };
}
