import type { LayoutServerLoad } from './$types';

/** Who is signed in, for the header on every page; never the session itself. */
export const load: LayoutServerLoad = ({ locals }) => {
  const user = locals.user;
  return {
    user: user
      ? { id: user.id, displayName: user.displayName, colour: user.colour, email: user.email }
      : null,
  };
};
