import type { DatabaseSync } from 'node:sqlite';
import {
  SESSION_COLUMNS,
  USER_COLUMNS,
  toBoardForUser,
  toInvite,
  toMember,
  toSession,
  toUser,
} from './account-rows.ts';
import type {
  AccountStores,
  BoardRole,
  InviteStore,
  MemberStore,
  SessionStore,
  UserStore,
} from './types.ts';
import { emailKey } from './email-key.ts';
import { EmailTakenError } from './errors.ts';
import { isSqliteUniqueViolation, settle } from './sqlite-util.ts';

/** Owners first, then by how much they may do. */
const ROLE_ORDER = `CASE m.role WHEN 'owner' THEN 0 WHEN 'editor' THEN 1 WHEN 'commenter' THEN 2 ELSE 3 END`;

/** Users, sessions, members and invites over the connection `createSqliteStorage` opened. */
export function createSqliteAccountStores(db: DatabaseSync): AccountStores {
  const sql = {
    insertUser: db.prepare(
      `INSERT INTO users (id, email, email_key, display_name, colour, department, password_hash, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    getUser: db.prepare(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = ?`),
    getUserByEmail: db.prepare(
      `SELECT ${USER_COLUMNS}, u.password_hash FROM users u WHERE u.email_key = ?`,
    ),
    getPasswordHash: db.prepare('SELECT password_hash FROM users WHERE id = ?'),
    updateProfile: db.prepare(
      `UPDATE users SET display_name = coalesce(?, display_name), colour = coalesce(?, colour),
         department = CASE WHEN ? THEN ? ELSE department END, updated_at = ?
       WHERE id = ?`,
    ),
    updatePasswordHash: db.prepare(
      'UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?',
    ),
    insertSession: db.prepare(
      'INSERT INTO sessions (id, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)',
    ),
    getSession: db.prepare(
      `SELECT ${SESSION_COLUMNS}, ${USER_COLUMNS}
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ? AND u.disabled_at IS NULL`,
    ),
    updateExpiry: db.prepare('UPDATE sessions SET expires_at = ? WHERE id = ?'),
    deleteSession: db.prepare('DELETE FROM sessions WHERE id = ?'),
    deleteUserSessions: db.prepare('DELETE FROM sessions WHERE user_id = ? AND id <> ?'),
    deleteExpired: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    addMember: db.prepare(
      `INSERT INTO board_members (board_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (board_id, user_id) DO NOTHING`,
    ),
    getRole: db.prepare('SELECT role FROM board_members WHERE board_id = ? AND user_id = ?'),
    listMembers: db.prepare(
      `SELECT ${USER_COLUMNS}, m.role, m.created_at AS added_at, m.department AS board_department
       FROM board_members m JOIN users u ON u.id = m.user_id
       WHERE m.board_id = ? ORDER BY ${ROLE_ORDER}, u.display_name, u.id`,
    ),
    changeRole: db.prepare('UPDATE board_members SET role = ? WHERE board_id = ? AND user_id = ?'),
    setDepartment: db.prepare(
      'UPDATE board_members SET department = ? WHERE board_id = ? AND user_id = ?',
    ),
    removeMember: db.prepare('DELETE FROM board_members WHERE board_id = ? AND user_id = ?'),
    insertInvite: db.prepare(
      `INSERT INTO invites (id, board_id, role, created_by, created_at, expires_at, max_uses)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    ),
    getInvite: db.prepare('SELECT * FROM invites WHERE id = ?'),
    // One statement: the check and the count cannot be split by a concurrent use.
    consumeInvite: db.prepare(
      `UPDATE invites SET uses = uses + 1
       WHERE id = ? AND revoked_at IS NULL AND expires_at > ?
         AND (max_uses IS NULL OR uses < max_uses)
       RETURNING *`,
    ),
    revokeInvite: db.prepare(
      'UPDATE invites SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? AND board_id = ?',
    ),
    listInvites: db.prepare(
      'SELECT * FROM invites WHERE board_id = ? ORDER BY created_at DESC, id',
    ),
    boardsForUser: db.prepare(
      `SELECT b.id, b.title, b.created_by, b.created_at, b.updated_at, m.role
       FROM boards b JOIN board_members m ON m.board_id = b.id
       WHERE m.user_id = ? ORDER BY b.updated_at DESC, b.id`,
    ),
  };

  const users: UserStore = {
    create: (user) =>
      settle(() => {
        const now = Date.now();
        const department = user.department ?? null;
        try {
          sql.insertUser.run(
            user.id,
            user.email,
            emailKey(user.email),
            user.displayName,
            user.colour,
            department,
            user.passwordHash,
            now,
            now,
          );
        } catch (error) {
          if (isSqliteUniqueViolation(error)) throw new EmailTakenError();
          throw error;
        }
        const { id, email, displayName, colour } = user;
        return { id, email, displayName, colour, department, createdAt: now, updatedAt: now };
      }),
    get: (id) =>
      settle(() => {
        const row = sql.getUser.get(id);
        return row ? toUser(row) : null;
      }),
    getByEmail: (email) =>
      settle(() => {
        const row = sql.getUserByEmail.get(emailKey(email));
        return row ? toUser(row) : null;
      }),
    getCredentials: (email) =>
      settle(() => {
        const row = sql.getUserByEmail.get(emailKey(email));
        return row ? { user: toUser(row), passwordHash: String(row.password_hash) } : null;
      }),
    getPasswordHash: (id) =>
      settle(() => {
        const row = sql.getPasswordHash.get(id);
        return row ? String(row.password_hash) : null;
      }),
    updateProfile: (id, patch) =>
      settle(() => {
        sql.updateProfile.run(
          patch.displayName ?? null,
          patch.colour ?? null,
          patch.department === undefined ? 0 : 1,
          patch.department ?? null,
          Date.now(),
          id,
        );
      }),
    updatePasswordHash: (id, passwordHash) =>
      settle(() => {
        sql.updatePasswordHash.run(passwordHash, Date.now(), id);
      }),
  };

  const sessions: SessionStore = {
    create: (session) =>
      settle(() => {
        const createdAt = session.createdAt ?? Date.now();
        sql.insertSession.run(session.id, session.userId, session.expiresAt, createdAt);
        return { id: session.id, userId: session.userId, expiresAt: session.expiresAt, createdAt };
      }),
    getWithUser: (id) =>
      settle(() => {
        const row = sql.getSession.get(id);
        return row ? { session: toSession(row), user: toUser(row) } : null;
      }),
    updateExpiry: (id, expiresAt) =>
      settle(() => {
        sql.updateExpiry.run(expiresAt, id);
      }),
    delete: (id) =>
      settle(() => {
        sql.deleteSession.run(id);
      }),
    deleteAllForUser: (userId, exceptId) =>
      settle(() => {
        sql.deleteUserSessions.run(userId, exceptId ?? '');
      }),
    deleteExpired: (now = Date.now()) => settle(() => Number(sql.deleteExpired.run(now).changes)),
  };

  const members: MemberStore = {
    add: (boardId, userId, role) =>
      settle(() => Number(sql.addMember.run(boardId, userId, role, Date.now()).changes) === 1),
    getRole: (boardId, userId) =>
      settle(() => {
        const row = sql.getRole.get(boardId, userId);
        return row ? (row.role as BoardRole) : null;
      }),
    listForBoard: (boardId) => settle(() => sql.listMembers.all(boardId).map(toMember)),
    setDepartment: (boardId, userId, department) =>
      settle(() => Number(sql.setDepartment.run(department, boardId, userId).changes) === 1),
    changeRole: (boardId, userId, role) =>
      settle(() => Number(sql.changeRole.run(role, boardId, userId).changes) === 1),
    remove: (boardId, userId) =>
      settle(() => Number(sql.removeMember.run(boardId, userId).changes) === 1),
  };

  const invites: InviteStore = {
    create: (invite) =>
      settle(() => {
        const row = sql.insertInvite.get(
          invite.id,
          invite.boardId,
          invite.role,
          invite.createdBy,
          invite.createdAt ?? Date.now(),
          invite.expiresAt,
          invite.maxUses ?? null,
        );
        if (!row) throw new Error('INSERT … RETURNING returned no row');
        return toInvite(row);
      }),
    get: (id) =>
      settle(() => {
        const row = sql.getInvite.get(id);
        return row ? toInvite(row) : null;
      }),
    consume: (id, now = Date.now()) =>
      settle(() => {
        const row = sql.consumeInvite.get(id, now);
        return row ? toInvite(row) : null;
      }),
    revoke: (boardId, id, now = Date.now()) =>
      settle(() => Number(sql.revokeInvite.run(now, id, boardId).changes) === 1),
    listForBoard: (boardId) => settle(() => sql.listInvites.all(boardId).map(toInvite)),
  };

  const listBoardsForUser: AccountStores['listBoardsForUser'] = (userId) =>
    settle(() => sql.boardsForUser.all(userId).map(toBoardForUser));

  return { users, sessions, members, invites, listBoardsForUser };
}
