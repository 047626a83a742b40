import type { Storage, User } from '@journeyboard/storage';
import { ResetLinkInvalidError } from './errors.ts';
import { assertPasswordAcceptable, hashPassword } from './password.ts';
import type { ClockOptions } from './session.ts';
import { invalidateAllSessions } from './session.ts';
import { generateSessionToken, hashToken, isWellFormedToken } from './tokens.ts';

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

/**
 * A reset link's token for the account with this email; null when there is no such
 * account or it is disabled. Callers answer the same either way, so the form cannot be
 * used to find out who has an account.
 */
export async function createPasswordReset(
  storage: Storage,
  email: string,
  options: ClockOptions = {},
): Promise<{ token: string; user: User } | null> {
  const user = await storage.users.getByEmail(email.trim());
  if (!user) return null;
  if ((await storage.instance.getUser(user.id))?.disabledAt != null) return null;
  const token = generateSessionToken();
  const now = options.now ?? Date.now();
  await storage.emailTokens.create({
    id: hashToken(token),
    userId: user.id,
    purpose: 'reset',
    expiresAt: now + PASSWORD_RESET_TTL_MS,
  });
  return { token, user };
}

/**
 * Sets the new password and ends every session of the account (whoever knew the old
 * password is signed out). The password is checked before the link is used up, so a
 * too-short password can be corrected with the same link.
 */
export async function resetPassword(
  storage: Storage,
  input: { token: string; newPassword: string },
  options: ClockOptions = {},
): Promise<{ userId: string }> {
  if (!isWellFormedToken(input.token)) throw new ResetLinkInvalidError();
  assertPasswordAcceptable(input.newPassword);
  const passwordHash = await hashPassword(input.newPassword);
  const userId = await storage.emailTokens.consume(hashToken(input.token), 'reset', options.now);
  if (userId === null) throw new ResetLinkInvalidError();
  await storage.users.updatePasswordHash(userId, passwordHash);
  await invalidateAllSessions(storage, userId);
  return { userId };
}
