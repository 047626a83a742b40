import { redirect } from '@sveltejs/kit';
import { InvalidEmailError } from '@journeyboard/auth';
import { field } from '#lib/server/form.ts';
import { getMailLimits, takeMailAllowance } from '#lib/server/mail/mail-limits.ts';
import { getMailer } from '#lib/server/mail/mailer.ts';
import { sendPasswordReset } from '#lib/server/password-reset-mail.ts';
import { getStorage } from '#lib/server/storage.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (locals.user) redirect(303, '/account');
  return {};
};

export const actions: Actions = {
  default: async ({ request, url }) => {
    const email = field(await request.formData(), 'email').slice(0, 320);
    // Over the limit, nothing is sent and the answer stays the same.
    if (!(await takeMailAllowance(getMailLimits().byRecipient, email)))
      return { sent: true, email };
    try {
      await sendPasswordReset(getStorage(), getMailer(), { email, origin: url.origin });
    } catch (error) {
      // The answer stays the same: a different one would tell who has an account.
      if (!(error instanceof InvalidEmailError)) console.error('[web] reset email failed', error);
    }
    return { sent: true, email };
  },
};
