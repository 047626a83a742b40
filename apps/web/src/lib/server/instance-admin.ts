import { error, type RequestEvent } from '@sveltejs/kit';
import type { InstanceUser, Storage, User } from '@journeyboard/storage';
import { requireUser } from './auth.ts';
import { getStorage } from './storage.ts';

/** Why someone administers the instance; null when they do not. */
export type AdminReason = 'first-account' | 'environment' | 'made-admin' | null;

/** `JOURNEYBOARD_ADMIN_EMAILS`: a comma-separated list, compared case-insensitively. */
export function adminEmailsFromEnv(value = process.env.JOURNEYBOARD_ADMIN_EMAILS): Set<string> {
  return new Set(
    (value ?? '')
      .split(',')
      .map((email) => email.trim().toLowerCase())
      .filter(Boolean),
  );
}

/**
 * The first account administers the instance (someone must, from the start); so do the
 * addresses named in the environment (a way back in if that account is gone), and anyone
 * an admin made admin. Only the last can be taken back on the admin page.
 */
export function adminReason(user: InstanceUser, envAdmins = adminEmailsFromEnv()): AdminReason {
  if (user.isFirst) return 'first-account';
  if (envAdmins.has(user.email.toLowerCase())) return 'environment';
  return user.isAdmin ? 'made-admin' : null;
}

export async function isInstanceAdmin(storage: Storage, userId: string): Promise<boolean> {
  const user = await storage.instance.getUser(userId);
  return user !== null && user.disabledAt === null && adminReason(user) !== null;
}

/** For the admin page and its actions: 403 for anyone who is not an instance admin. */
export async function requireInstanceAdmin(
  event: Pick<RequestEvent, 'locals' | 'url'>,
): Promise<User> {
  const user = requireUser(event);
  if (!(await isInstanceAdmin(getStorage(), user.id))) {
    error(403, 'Only administrators of this Journeyboard can open the admin page.');
  }
  return user;
}
