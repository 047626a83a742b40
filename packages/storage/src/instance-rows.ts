import { USER_COLUMNS, toUser, type Row } from './account-rows.ts';
import { optionalNumber } from './history-rows.ts';
import type { InstanceUser } from './instance-types.ts';

/** The user columns plus the admin's view, under the alias `u`. */
export const INSTANCE_USER_COLUMNS = `${USER_COLUMNS}, u.is_admin, u.disabled_at, u.email_verified_at,
  (u.id = (SELECT f.id FROM users f ORDER BY f.created_at, f.id LIMIT 1)) AS is_first`;

export function toInstanceUser(row: Row): InstanceUser {
  return {
    ...toUser(row),
    // SQLite returns 0/1, PostgreSQL booleans.
    isAdmin: Boolean(Number(row.is_admin)),
    isFirst: Boolean(Number(row.is_first)),
    emailVerifiedAt: optionalNumber(row.email_verified_at),
    disabledAt:
      row.disabled_at === null || row.disabled_at === undefined ? null : Number(row.disabled_at),
  };
}
