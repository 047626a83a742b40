import { fail, redirect } from '@sveltejs/kit';
import { InviteInvalidError, acceptInvite, hashToken, isInviteLive } from '@journeyboard/auth';
import { requireActionUser } from '#lib/server/access.ts';
import { requireUser } from '#lib/server/auth.ts';
import { getStorage } from '#lib/server/storage.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const storage = getStorage();
  const invite = await storage.invites.get(hashToken(event.params.token));
  const board =
    invite && isInviteLive(invite, Date.now()) ? await storage.boards.get(invite.boardId) : null;
  if (!invite || !board) return { invite: null };
  const current = await storage.members.getRole(board.id, user.id);
  return {
    invite: { boardId: board.id, boardTitle: board.title, role: invite.role, currentRole: current },
  };
};

export const actions: Actions = {
  default: async ({ locals, params }) => {
    const user = requireActionUser(locals);
    let boardId: string;
    try {
      ({ boardId } = await acceptInvite(getStorage(), { token: params.token, userId: user.id }));
    } catch (error) {
      if (error instanceof InviteInvalidError) return fail(410, { message: error.message });
      throw error;
    }
    redirect(303, `/b/${boardId}`);
  },
};
