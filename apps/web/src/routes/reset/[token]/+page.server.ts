import { fail, redirect } from '@sveltejs/kit';
import { AuthError, PASSWORD_MIN_LENGTH, resetPassword } from '@journeyboard/auth';
import { field } from '#lib/server/form.ts';
import { getStorage } from '#lib/server/storage.ts';
import { revalidateSockets } from '#lib/server/sync-handle.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({ passwordMinLength: PASSWORD_MIN_LENGTH });

export const actions: Actions = {
  default: async ({ params, request }) => {
    const data = await request.formData();
    if (field(data, 'newPassword') !== field(data, 'confirmPassword')) {
      return fail(400, { code: 'mismatch', message: 'The new passwords do not match.' });
    }
    try {
      await resetPassword(getStorage(), {
        token: params.token,
        newPassword: field(data, 'newPassword'),
      });
    } catch (error) {
      if (error instanceof AuthError)
        return fail(400, { code: error.code, message: error.message });
      throw error;
    }
    // Every session of the account ended: its open boards close too.
    await revalidateSockets({});
    redirect(303, '/signin?reset=1');
  },
};
