import {
  SESSION_COLUMNS,
  USER_COLUMNS,
  toBoardForUser,
  toInvite,
  toMember,
  toSession,
  toUser,
  type Row,
} from './account-rows.ts';
import type {
  AccountStores,
  BoardForUser,
  BoardRole,
  InviteStore,
  MemberStore,
  SessionStore,
  UserStore,
} from './types.ts';
import { emailKey } from './email-key.ts';
import { EmailTakenError } from './errors.ts';

/** What the stores need of a `pg.Pool`. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: Row[]; rowCount: number | null }>;
}

const ROLE_ORDER = `CASE m.role WHEN 'owner' THEN 0 WHEN 'editor' THEN 1 WHEN 'commenter' THEN 2 ELSE 3 END`;

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}

/** Users, sessions, members and invites over the pool `createPostgresStorage` opened. */
export function createPostgresAccountStores(db: Queryable): AccountStores {
  async function one(sql: string, params: unknown[]): Promise<Row | undefined> {
    return (await db.query(sql, params)).rows[0];
  }
  async function all(sql: string, params: unknown[]): Promise<Row[]> {
    return (await db.query(sql, params)).rows;
  }
  async function run(sql: string, params: unknown[]): Promise<number> {
    return (await db.query(sql, params)).rowCount ?? 0;
  }

  const users: UserStore = {
    async create(user) {
      const now = Date.now();
      try {
        await run(
          `INSERT INTO users (id, email, email_key, display_name, colour, department, password_hash, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
          [
            user.id,
            user.email,
            emailKey(user.email),
            user.displayName,
            user.colour,
            user.department ?? null,
            user.passwordHash,
            now,
          ],
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new EmailTakenError();
        throw error;
      }
      return {
        id: user.id,
        email: user.email,
        displayName: user.displayName,
        colour: user.colour,
        department: user.department ?? null,
        createdAt: now,
        updatedAt: now,
      };
    },
    async get(id) {
      const row = await one(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [id]);
      return row ? toUser(row) : null;
    },
    async getByEmail(email) {
      const row = await one(`SELECT ${USER_COLUMNS} FROM users u WHERE u.email_key = $1`, [
        emailKey(email),
      ]);
      return row ? toUser(row) : null;
    },
    async getCredentials(email) {
      const row = await one(
        `SELECT ${USER_COLUMNS}, u.password_hash FROM users u WHERE u.email_key = $1`,
        [emailKey(email)],
      );
      return row ? { user: toUser(row), passwordHash: String(row.password_hash) } : null;
    },
    async getPasswordHash(id) {
      const row = await one('SELECT password_hash FROM users WHERE id = $1', [id]);
      return row ? String(row.password_hash) : null;
    },
    async updateProfile(id, patch) {
      // COALESCE keeps what the patch leaves out; department may be set to null on purpose.
      await run(
        `UPDATE users SET display_name = COALESCE($2, display_name), colour = COALESCE($3, colour),
           department = CASE WHEN $4::boolean THEN $5 ELSE department END, updated_at = $6
         WHERE id = $1`,
        [
          id,
          patch.displayName ?? null,
          patch.colour ?? null,
          patch.department !== undefined,
          patch.department ?? null,
          Date.now(),
        ],
      );
    },
    async updatePasswordHash(id, passwordHash) {
      await run('UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1', [
        id,
        passwordHash,
        Date.now(),
      ]);
    },
  };

  const sessions: SessionStore = {
    async create(session) {
      const createdAt = session.createdAt ?? Date.now();
      await run(
        'INSERT INTO sessions (id, user_id, expires_at, created_at) VALUES ($1, $2, $3, $4)',
        [session.id, session.userId, session.expiresAt, createdAt],
      );
      return { id: session.id, userId: session.userId, expiresAt: session.expiresAt, createdAt };
    },
    async getWithUser(id) {
      const row = await one(
        `SELECT ${SESSION_COLUMNS}, ${USER_COLUMNS}
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1 AND u.disabled_at IS NULL`,
        [id],
      );
      return row ? { session: toSession(row), user: toUser(row) } : null;
    },
    async updateExpiry(id, expiresAt) {
      await run('UPDATE sessions SET expires_at = $2 WHERE id = $1', [id, expiresAt]);
    },
    async delete(id) {
      await run('DELETE FROM sessions WHERE id = $1', [id]);
    },
    async deleteAllForUser(userId, exceptId) {
      await run('DELETE FROM sessions WHERE user_id = $1 AND id <> $2', [userId, exceptId ?? '']);
    },
    async deleteExpired(now = Date.now()) {
      return run('DELETE FROM sessions WHERE expires_at <= $1', [now]);
    },
  };

  const members: MemberStore = {
    async add(boardId, userId, role) {
      const added = await run(
        `INSERT INTO board_members (board_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (board_id, user_id) DO NOTHING`,
        [boardId, userId, role, Date.now()],
      );
      return added === 1;
    },
    async getRole(boardId, userId) {
      const row = await one('SELECT role FROM board_members WHERE board_id = $1 AND user_id = $2', [
        boardId,
        userId,
      ]);
      return row ? (row.role as BoardRole) : null;
    },
    async listForBoard(boardId) {
      const rows = await all(
        `SELECT ${USER_COLUMNS}, m.role, m.created_at AS added_at, m.department AS board_department
         FROM board_members m JOIN users u ON u.id = m.user_id
         WHERE m.board_id = $1 ORDER BY ${ROLE_ORDER}, u.display_name, u.id`,
        [boardId],
      );
      return rows.map(toMember);
    },
    async setDepartment(boardId, userId, department) {
      const changed = await run(
        'UPDATE board_members SET department = $3 WHERE board_id = $1 AND user_id = $2',
        [boardId, userId, department],
      );
      return changed === 1;
    },
    async changeRole(boardId, userId, role) {
      const changed = await run(
        'UPDATE board_members SET role = $3 WHERE board_id = $1 AND user_id = $2',
        [boardId, userId, role],
      );
      return changed === 1;
    },
    async remove(boardId, userId) {
      const removed = await run('DELETE FROM board_members WHERE board_id = $1 AND user_id = $2', [
        boardId,
        userId,
      ]);
      return removed === 1;
    },
  };

  const invites: InviteStore = {
    async create(invite) {
      const row = await one(
        `INSERT INTO invites (id, board_id, role, created_by, created_at, expires_at, max_uses)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [
          invite.id,
          invite.boardId,
          invite.role,
          invite.createdBy,
          invite.createdAt ?? Date.now(),
          invite.expiresAt,
          invite.maxUses ?? null,
        ],
      );
      return toInvite(row ?? {});
    },
    async get(id) {
      const row = await one('SELECT * FROM invites WHERE id = $1', [id]);
      return row ? toInvite(row) : null;
    },
    async consume(id, now = Date.now()) {
      // One statement: the row lock serialises concurrent uses, and each re-checks the
      // WHERE clause against the updated row, so the last use cannot be taken twice.
      const row = await one(
        `UPDATE invites SET uses = uses + 1
         WHERE id = $1 AND revoked_at IS NULL AND expires_at > $2
           AND (max_uses IS NULL OR uses < max_uses)
         RETURNING *`,
        [id, now],
      );
      return row ? toInvite(row) : null;
    },
    async revoke(boardId, id, now = Date.now()) {
      const changed = await run(
        'UPDATE invites SET revoked_at = COALESCE(revoked_at, $3) WHERE id = $1 AND board_id = $2',
        [id, boardId, now],
      );
      return changed === 1;
    },
    async listForBoard(boardId) {
      const rows = await all(
        'SELECT * FROM invites WHERE board_id = $1 ORDER BY created_at DESC, id',
        [boardId],
      );
      return rows.map(toInvite);
    },
  };

  async function listBoardsForUser(userId: string): Promise<BoardForUser[]> {
    const rows = await all(
      `SELECT b.id, b.title, b.created_by, b.created_at, b.updated_at, m.role
       FROM boards b JOIN board_members m ON m.board_id = b.id
       WHERE m.user_id = $1 ORDER BY b.updated_at DESC, b.id`,
      [userId],
    );
    return rows.map(toBoardForUser);
  }

  return { users, sessions, members, invites, listBoardsForUser };
}
