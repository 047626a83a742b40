import { fail } from '@sveltejs/kit';
import { KIND_LABELS } from '#lib/server/notifications/kinds.ts';
import { applyUnsubscribe } from '#lib/server/notifications/unsubscribe.ts';
import { getStorage } from '#lib/server/storage.ts';
import type { Actions, PageServerLoad } from './$types';

/** Opening the emailed link is the one click: that kind is off, and the page says so. */
export const load: PageServerLoad = async ({ params }) => {
  const outcome = await applyUnsubscribe(getStorage(), params.token, false);
  if (!outcome.ok) return { ok: false as const, message: outcome.reason };
  return { ok: true as const, email: outcome.email, label: KIND_LABELS[outcome.kind] };
};

export const actions: Actions = {
  /** Undo, for a click made by mistake (or by a mail scanner opening the link). */
  resubscribe: async ({ params }) => {
    const outcome = await applyUnsubscribe(getStorage(), params.token, true);
    if (!outcome.ok) return fail(400, { message: outcome.reason });
    return { resubscribed: true };
  },
};
