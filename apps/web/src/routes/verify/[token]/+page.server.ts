import { AuthError, verifyEmail } from '@journeyboard/auth';
import { getStorage } from '#lib/server/storage.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
  try {
    await verifyEmail(getStorage(), params.token);
    return { verified: true as const, message: 'Your email address is confirmed. Thank you.' };
  } catch (error) {
    if (error instanceof AuthError) return { verified: false as const, message: error.message };
    throw error;
  }
};
