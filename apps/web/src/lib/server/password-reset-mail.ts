import { createPasswordReset } from '@journeyboard/auth';
import type { Storage } from '@journeyboard/storage';
import type { MailResult, Mailer } from './mail/mailer.ts';
import { passwordResetEmail } from './mail/templates.ts';

/**
 * Emails a reset link to the account with this address; resolves null when there is no
 * such (enabled) account. SMTP failures are thrown: the caller decides what to tell whom.
 */
export async function sendPasswordReset(
  storage: Storage,
  mailer: Mailer,
  input: { email: string; origin: string },
): Promise<MailResult | null> {
  const reset = await createPasswordReset(storage, input.email);
  if (!reset) return null;
  const url = `${input.origin}/reset/${reset.token}`;
  return mailer.send(
    passwordResetEmail({ to: reset.user.email, displayName: reset.user.displayName, url }),
  );
}
