import { isInstanceAdmin } from '#lib/server/instance-admin.ts';
import { getStorage } from '#lib/server/storage.ts';
import type { LayoutServerLoad } from './$types';

/** Who is signed in, for the header on every page; never the session itself. */
export const load: LayoutServerLoad = async ({ locals }) => {
  const user = locals.user;
  return {
    user: user
      ? {
          id: user.id,
          displayName: user.displayName,
          colour: user.colour,
          email: user.email,
          // The header shows the admin page's link to those who may open it.
          isAdmin: await isInstanceAdmin(getStorage(), user.id),
        }
      : null,
  };
};
