import { createEmailVerification } from '@journeyboard/auth';
import type { Storage, User } from '@journeyboard/storage';
import type { Mailer } from './mail/mailer.ts';
import { verifyEmailMessage } from './mail/templates.ts';

/**
 * Emails the new account a verification link. Best effort: sign-up has succeeded either
 * way, so a mail failure is logged, not shown.
 */
export async function sendVerificationEmail(
  storage: Storage,
  mailer: Mailer,
  input: { user: User; origin: string },
): Promise<void> {
  try {
    const token = await createEmailVerification(storage, input.user.id);
    await mailer.send(
      verifyEmailMessage({
        to: input.user.email,
        displayName: input.user.displayName,
        url: `${input.origin}/verify/${token}`,
      }),
    );
  } catch (error) {
    console.error('[web] verification email failed', error);
  }
}
