import { canWriteDocument } from '@journeyboard/auth';
import { requireBoardRole } from '#lib/server/access.ts';
import type { PageServerLoad } from './$types';

/** The same access check as the map page: every member may look, editors may draw. */
export const load: PageServerLoad = async (event) => {
  const { board, role, user } = await requireBoardRole(event, 'viewer');
  return {
    board: { id: board.id, title: board.title },
    role,
    canWrite: canWriteDocument(role),
    me: { id: user.id, name: user.displayName, colour: user.colour },
    // Read per request so a key set at deploy time needs no rebuild; tldraw's own name
    // for it is accepted too.
    tldrawLicenseKey:
      process.env.TLDRAW_LICENSE_KEY || process.env.PUBLIC_TLDRAW_LICENSE_KEY || null,
  };
};
