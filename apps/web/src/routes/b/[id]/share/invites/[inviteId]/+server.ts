import { json } from '@sveltejs/kit';
import { revokeInvite } from '@journeyboard/auth';
import { requireBoardRole } from '#lib/server/access.ts';
import { getStorage } from '#lib/server/storage.ts';
import type { RequestHandler } from './$types';

/** An owner revokes an invite link; people who already joined stay. */
export const DELETE: RequestHandler = async (event) => {
  const { board, user } = await requireBoardRole(event, 'owner');
  const revoked = await revokeInvite(getStorage(), {
    boardId: board.id,
    inviteId: event.params.inviteId,
    by: user.id,
  });
  if (!revoked) return json({ message: 'No such invite on this board.' }, { status: 404 });
  return new Response(null, { status: 204 });
};
