import { fail } from '@sveltejs/kit';
import { AuthError, USER_COLOURS, changePassword } from '@journeyboard/auth';
import { requireActionUser } from '#lib/server/access.ts';
import { requireUser } from '#lib/server/auth.ts';
import { field } from '#lib/server/form.ts';
import { parseProfile } from '#lib/server/profile.ts';
import { getMailer } from '#lib/server/mail/mailer.ts';
import {
  notificationSettings,
  saveNotificationSettings,
} from '#lib/server/notifications/settings.ts';
import { getStorage } from '#lib/server/storage.ts';
import { revalidateSockets } from '#lib/server/sync-handle.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  return {
    profile: {
      email: user.email,
      displayName: user.displayName,
      colour: user.colour,
      department: user.department ?? '',
    },
    colours: USER_COLOURS,
    notifications: await notificationSettings(getStorage(), user.id),
    mailConfigured: getMailer().configured,
  };
};

export const actions: Actions = {
  profile: async ({ locals, request }) => {
    const user = requireActionUser(locals);
    const parsed = parseProfile(await request.formData());
    if (!parsed.ok) return fail(400, { profile: { message: parsed.message } });
    await getStorage().users.updateProfile(user.id, parsed.profile);
    return { profile: { saved: true } };
  },
  notifications: async ({ locals, request }) => {
    const user = requireActionUser(locals);
    const checked = (await request.formData()).getAll('enabled');
    const message = await saveNotificationSettings(getStorage(), user.id, checked);
    if (message) return fail(400, { notifications: { message } });
    return { notifications: { saved: true } };
  },
  password: async ({ locals, request }) => {
    const user = requireActionUser(locals);
    const data = await request.formData();
    if (field(data, 'newPassword') !== field(data, 'confirmPassword')) {
      return fail(400, { password: { message: 'The new passwords do not match.' } });
    }
    try {
      await changePassword(getStorage(), {
        userId: user.id,
        currentPassword: field(data, 'currentPassword'),
        newPassword: field(data, 'newPassword'),
        currentSessionId: locals.session?.id ?? '',
      });
    } catch (error) {
      if (error instanceof AuthError) return fail(400, { password: { message: error.message } });
      throw error;
    }
    // Every other session was ended: their sockets go too.
    await revalidateSockets({});
    return { password: { saved: true } };
  },
};
