import { redirect } from '@sveltejs/kit';
import { invalidateAllSessions, invalidateSession } from '@journeyboard/auth';
import { clearSessionCookie, markLocalCopiesForClearing } from '#lib/server/auth.ts';
import { getStorage } from '#lib/server/storage.ts';
import { revalidateSockets } from '#lib/server/sync-handle.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (!locals.user) redirect(303, '/signin');
  return {};
};

export const actions: Actions = {
  /** This browser only: the session row goes, and with it this session's live sockets. */
  signout: async (event) => {
    const session = event.locals.session;
    clearSessionCookie(event);
    markLocalCopiesForClearing(event);
    if (session) {
      await invalidateSession(getStorage(), session.id);
      await revalidateSockets({ sessionId: session.id });
    }
    redirect(303, '/signin');
  },
  /** Every session of the account, on every device. */
  everywhere: async (event) => {
    const user = event.locals.user;
    clearSessionCookie(event);
    markLocalCopiesForClearing(event);
    if (user) {
      await invalidateAllSessions(getStorage(), user.id);
      await revalidateSockets({});
    }
    redirect(303, '/signin');
  },
};
