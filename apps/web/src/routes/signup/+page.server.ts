import { fail, redirect } from '@sveltejs/kit';
import {
  AuthError,
  PASSWORD_MIN_LENGTH,
  TooManyAttemptsError,
  inviteTokenFromPath,
  readSignUpPolicy,
  signUp,
} from '@journeyboard/auth';
import { getSignUpLimiter, safeRedirectPath } from '#lib/server/auth.ts';
import { sendExistingAccountNotice } from '#lib/server/existing-account-mail.ts';
import { field } from '#lib/server/form.ts';
import { getMailLimits } from '#lib/server/mail/mail-limits.ts';
import { getMailer } from '#lib/server/mail/mailer.ts';
import { ssoChoices } from '#lib/server/sso/config.ts';
import { getStorage } from '#lib/server/storage.ts';
import { sendVerificationEmail } from '#lib/server/verification-mail.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const redirectTo = safeRedirectPath(url.searchParams.get('redirectTo'));
  if (locals.user) redirect(303, redirectTo);
  const storage = getStorage();
  const { mode, allowedDomains } = await readSignUpPolicy(storage);
  return {
    redirectTo,
    passwordMinLength: PASSWORD_MIN_LENGTH,
    sso: ssoChoices(),
    // Whoever arrives through an invite link is let in whatever the mode (but SSO-only).
    signUp: {
      mode: (await storage.instance.hasUsers()) ? mode : 'open',
      allowedDomains,
      invited: inviteTokenFromPath(redirectTo) !== null,
    },
  };
};

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const values = { email: field(data, 'email'), displayName: field(data, 'displayName') };
    const redirectTo = safeRedirectPath(field(data, 'redirectTo'));
    if (!ssoChoices().passwords) {
      return fail(403, {
        ...values,
        code: 'passwords-off',
        message: 'This instance signs in through single sign-on only.',
      });
    }
    try {
      const user = await signUp(getStorage(), {
        ...values,
        password: field(data, 'password'),
        inviteToken: inviteTokenFromPath(redirectTo),
        ip: event.getClientAddress(),
        limiter: getSignUpLimiter(),
      });
      // Not awaited: a mail server's delay would tell a new address from a taken one.
      // sendVerificationEmail logs its own failures.
      if (user)
        void sendVerificationEmail(getStorage(), getMailer(), { user, origin: event.url.origin });
      else notifyExistingAccount(values.email, event.url.origin);
    } catch (error) {
      if (error instanceof TooManyAttemptsError) {
        return fail(429, { ...values, code: error.code, message: error.message });
      }
      if (error instanceof AuthError) {
        return fail(400, { ...values, code: error.code, message: error.message });
      }
      throw error;
    }
    // A new address and a taken one get this same answer and no session, so the form
    // cannot be used to find out who has an account: everyone signs in next.
    redirect(303, `/signin?registered=1&redirectTo=${encodeURIComponent(redirectTo)}`);
  },
};

/** A taken address: its owner hears about the attempt by email (never awaited, see above). */
function notifyExistingAccount(email: string, origin: string): void {
  sendExistingAccountNotice(getStorage(), getMailer(), {
    email,
    origin,
    limiter: getMailLimits().signUpNotice,
  }).catch((error: unknown) => console.error('[web] existing-account notice failed', error));
}
