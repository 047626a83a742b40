import type { Storage } from '@journeyboard/storage';
import { VerificationLinkInvalidError } from './errors.ts';
import type { ClockOptions } from './session.ts';
import { generateSessionToken, hashToken, isWellFormedToken } from './tokens.ts';

export const EMAIL_VERIFICATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** The token of a link proving the account's owner reads its email address. */
export async function createEmailVerification(
  storage: Storage,
  userId: string,
  options: ClockOptions = {},
): Promise<string> {
  const token = generateSessionToken();
  const now = options.now ?? Date.now();
  await storage.emailTokens.create({
    id: hashToken(token),
    userId,
    purpose: 'verify',
    expiresAt: now + EMAIL_VERIFICATION_TTL_MS,
  });
  return token;
}

/** Marks the address verified; the link works once. */
export async function verifyEmail(
  storage: Storage,
  token: string,
  options: ClockOptions = {},
): Promise<{ userId: string }> {
  if (!isWellFormedToken(token)) throw new VerificationLinkInvalidError();
  const now = options.now ?? Date.now();
  const userId = await storage.emailTokens.consume(hashToken(token), 'verify', now);
  if (userId === null) throw new VerificationLinkInvalidError();
  await storage.instance.markEmailVerified(userId, now);
  return { userId };
}
