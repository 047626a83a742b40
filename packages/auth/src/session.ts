import type { SessionRecord, Storage, User } from '@journeyboard/storage';
import { generateSessionToken, hashToken, isWellFormedToken } from './tokens.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A session lives 30 days from its last refresh. */
export const SESSION_DURATION_MS = 30 * DAY_MS;
/** Refreshing on every request would write on every request; halfway is the Lucia default. */
export const SESSION_REFRESH_THRESHOLD_MS = 15 * DAY_MS;

export interface SessionValidation {
  session: SessionRecord;
  user: User;
  /** True when this validation extended the expiry: the cookie must be set again. */
  fresh: boolean;
}

export interface ClockOptions {
  /** Milliseconds since the epoch; tests pass it to travel in time without sleeping. */
  now?: number;
}

/** Creates a session row (keyed by the token's hash) and returns the token for the cookie. */
export async function createSession(
  storage: Storage,
  userId: string,
  options: ClockOptions = {},
): Promise<{ token: string; session: SessionRecord }> {
  const now = options.now ?? Date.now();
  const token = generateSessionToken();
  const session = await storage.sessions.create({
    id: hashToken(token),
    userId,
    createdAt: now,
    expiresAt: now + SESSION_DURATION_MS,
  });
  return { token, session };
}

/**
 * The session and user for a token, or null. Deletes the row when it has expired, and
 * slides the expiry when less than half of it remains.
 */
export async function validateSessionToken(
  storage: Storage,
  token: string,
  options: ClockOptions = {},
): Promise<SessionValidation | null> {
  if (!isWellFormedToken(token)) return null;
  const now = options.now ?? Date.now();
  const found = await storage.sessions.getWithUser(hashToken(token));
  if (!found) return null;
  const { session, user } = found;
  if (now >= session.expiresAt) {
    await storage.sessions.delete(session.id);
    return null;
  }
  if (now >= session.expiresAt - SESSION_REFRESH_THRESHOLD_MS) {
    const expiresAt = now + SESSION_DURATION_MS;
    await storage.sessions.updateExpiry(session.id, expiresAt);
    return { session: { ...session, expiresAt }, user, fresh: true };
  }
  return { session, user, fresh: false };
}

/** Sign-out: takes the session id (the hash), as held in `locals` after validation. */
export async function invalidateSession(storage: Storage, sessionId: string): Promise<void> {
  await storage.sessions.delete(sessionId);
}

/** Signs the user out everywhere, except `options.exceptSessionId` when given. */
export async function invalidateAllSessions(
  storage: Storage,
  userId: string,
  options: { exceptSessionId?: string } = {},
): Promise<void> {
  await storage.sessions.deleteAllForUser(userId, options.exceptSessionId);
}

/** Housekeeping for a timer: validation deletes expired rows it meets, this the rest. */
export async function deleteExpiredSessions(
  storage: Storage,
  options: ClockOptions = {},
): Promise<number> {
  return storage.sessions.deleteExpired(options.now ?? Date.now());
}
