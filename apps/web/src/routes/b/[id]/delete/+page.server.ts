import { redirect } from '@sveltejs/kit';
import { requireBoardRole } from '#lib/server/access.ts';
import { getStorage } from '#lib/server/storage.ts';
import { revalidateSockets } from '#lib/server/sync-handle.ts';
import type { Actions, PageServerLoad } from './$types';

/** The confirmation step: a page of its own, so it works without JavaScript. */
export const load: PageServerLoad = async (event) => {
  const { board } = await requireBoardRole(event, 'owner');
  return { board: { id: board.id, title: board.title } };
};

export const actions: Actions = {
  default: async (event) => {
    const { board } = await requireBoardRole(event, 'owner');
    await getStorage().boards.delete(board.id);
    // Open sockets learn the board is gone (404 → BoardNotFound).
    await revalidateSockets({ boardId: board.id });
    redirect(303, '/?deleted=1');
  },
};
