import { fail, redirect } from '@sveltejs/kit';
import { AuthError, TooManyAttemptsError, signIn } from '@journeyboard/auth';
import {
  getSignInLimiter,
  safeRedirectPath,
  setSessionCookie,
  takeLocalCopiesClearing,
} from '#lib/server/auth.ts';
import { field } from '#lib/server/form.ts';
import { ssoChoices } from '#lib/server/sso/config.ts';
import { getStorage } from '#lib/server/storage.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
  const { locals, url } = event;
  const redirectTo = safeRedirectPath(url.searchParams.get('redirectTo'));
  if (locals.user) redirect(303, redirectTo);
  return {
    redirectTo,
    reset: url.searchParams.get('reset') === '1',
    registered: url.searchParams.get('registered') === '1',
    clearLocalCopies: takeLocalCopiesClearing(event),
    sso: ssoChoices(),
  };
};

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const email = field(data, 'email');
    const redirectTo = safeRedirectPath(field(data, 'redirectTo'));
    if (!ssoChoices().passwords) {
      return fail(403, { email, message: 'This instance signs in through single sign-on only.' });
    }
    try {
      const signedIn = await signIn(getStorage(), {
        email,
        password: field(data, 'password'),
        ip: event.getClientAddress(),
        limiter: getSignInLimiter(),
      });
      setSessionCookie(event, signedIn.token, signedIn.session.expiresAt);
    } catch (error) {
      if (error instanceof TooManyAttemptsError) {
        const minutes = Math.max(1, Math.ceil(error.retryAfterMs / 60_000));
        return fail(429, {
          email,
          message: `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
        });
      }
      // One message for unknown email and wrong password alike: never say which.
      if (error instanceof AuthError) return fail(400, { email, message: error.message });
      throw error;
    }
    redirect(303, redirectTo);
  },
};
