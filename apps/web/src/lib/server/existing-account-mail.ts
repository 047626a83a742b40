import type { RateLimiterMemory } from 'rate-limiter-flexible';
import { normalizeEmail } from '@journeyboard/auth';
import type { Storage } from '@journeyboard/storage';
import { takeMailAllowance } from './mail/mail-limits.ts';
import type { MailResult, Mailer } from './mail/mailer.ts';
import { existingAccountEmail } from './mail/templates.ts';

export interface ExistingAccountNotice {
  /** The address typed into the sign-up form. */
  email: string;
  origin: string;
  /** Notices per address (`getMailLimits().signUpNotice`). */
  limiter: RateLimiterMemory;
}

/**
 * Tells the owner of an address that someone tried to sign up with it: sign-up answers a
 * taken address exactly as a new one, so this email is how a real owner who forgot they
 * had an account finds out. Null when nothing was sent (no such enabled account, or the
 * address already got its notices for today). The caller does not wait for it.
 */
export async function sendExistingAccountNotice(
  storage: Storage,
  mailer: Mailer,
  input: ExistingAccountNotice,
): Promise<MailResult | null> {
  const user = await storage.users.getByEmail(input.email);
  if (!user) return null;
  if ((await storage.instance.getUser(user.id))?.disabledAt != null) return null;
  if (!(await takeMailAllowance(input.limiter, normalizeEmail(user.email)))) return null;
  return mailer.send(
    existingAccountEmail({
      to: user.email,
      displayName: user.displayName,
      signInUrl: `${input.origin}/signin`,
      resetUrl: `${input.origin}/forgot`,
    }),
  );
}
