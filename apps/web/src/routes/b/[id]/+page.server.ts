import { fail } from '@sveltejs/kit';
import { canComment, canManageMembers, canWriteDocument } from '@journeyboard/auth';
import { requireBoardRole } from '#lib/server/access.ts';
import { lockedOut } from '#lib/server/board-lock.ts';
import { getServices, getStorage } from '#lib/server/storage.ts';
import { normaliseTitle, validateTitle } from '#lib/board-form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { board, role, user } = await requireBoardRole(event, 'viewer');
  // Names for owners, keepers and "raised by" credits (decisions panel).
  const members = (await getStorage().members.listForBoard(board.id)).map((member) => ({
    id: member.user.id,
    name: member.user.displayName,
  }));
  return {
    board: { id: board.id, title: board.title },
    role,
    canWrite: canWriteDocument(role),
    canComment: canComment(role),
    canManage: canManageMembers(role),
    /** Presence identity and model actor: who this person is on the board. */
    me: { id: user.id, name: user.displayName, colour: user.colour },
    members,
  };
};

export const actions: Actions = {
  /**
   * The title lives in the board document (synced by the client); this keeps the board
   * list's copy in step with it.
   */
  rename: async (event) => {
    const { board, role, user } = await requireBoardRole(event, 'editor');
    const locked = await lockedOut(getServices().boardDocs, board.id, { role, userId: user.id });
    if (locked) return fail(423, { error: locked });
    const raw = (await event.request.formData()).get('title');
    const title = normaliseTitle(typeof raw === 'string' ? raw : '');
    const problem = validateTitle(title);
    if (problem) return fail(400, { error: problem });
    await getStorage().boards.rename(board.id, title);
    return { title };
  },
};
