import { error, fail, redirect } from '@sveltejs/kit';
import { roleAtLeast } from '@journeyboard/auth';
import { requireActionUser } from '#lib/server/access.ts';
import { requireUser } from '#lib/server/auth.ts';
import { createBoard, isBoardId, renameBoard } from '#lib/server/boards.ts';
import { field } from '#lib/server/form.ts';
import { removeMember } from '#lib/server/members.ts';
import { getStorage } from '#lib/server/storage.ts';
import { revalidateSockets } from '#lib/server/sync-handle.ts';
import {
  normaliseTitle,
  parseBoardForm,
  TITLE_MAX_LENGTH,
  validateTitle,
} from '#lib/board-form.ts';
import { DEFAULT_TEMPLATE, TEMPLATE_OPTIONS } from '#lib/templates.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const boards = (await getStorage().boards.listForUser(user.id))
    .toSorted((a, b) => b.updatedAt - a.updatedAt)
    .map(({ id, title, updatedAt, role }) => ({ id, title, updatedAt, role }));
  return {
    mine: boards.filter((board) => board.role === 'owner'),
    shared: boards.filter((board) => board.role !== 'owner'),
    // Sent as data so that the list page's bundle does not pull in the model (and Yjs).
    form: {
      templates: TEMPLATE_OPTIONS,
      defaultTemplate: DEFAULT_TEMPLATE,
      titleMaxLength: TITLE_MAX_LENGTH,
    },
  };
};

/** The member's role on the board named in the form, or a 403/404. */
async function roleOn(userId: string, boardId: string) {
  const storage = getStorage();
  if (!isBoardId(boardId) || !(await storage.boards.get(boardId))) {
    error(404, 'This board does not exist, or it was deleted.');
  }
  const role = await storage.members.getRole(boardId, userId);
  if (role === null) error(403, 'You are not a member of this board.');
  return role;
}

export const actions: Actions = {
  create: async ({ locals, request }) => {
    const user = requireActionUser(locals);
    const form = parseBoardForm(await request.formData());
    if (!form.ok) return fail(400, { values: form.values, errors: form.errors });
    const board = await createBoard(getStorage(), { ...form, ownerId: user.id });
    redirect(303, `/b/${board.id}`);
  },
  rename: async ({ locals, request }) => {
    const user = requireActionUser(locals);
    const data = await request.formData();
    const boardId = field(data, 'boardId');
    const role = await roleOn(user.id, boardId);
    if (!roleAtLeast(role, 'editor')) error(403, 'Only owners and editors can rename a board.');
    const title = normaliseTitle(field(data, 'title'));
    const problem = validateTitle(title);
    if (problem) return fail(400, { rename: { boardId, message: problem } });
    await renameBoard(getStorage(), { boardId, title, actor: { userId: user.id } });
    return { rename: { boardId, saved: true } };
  },
  leave: async ({ locals, request }) => {
    const user = requireActionUser(locals);
    const boardId = field(await request.formData(), 'boardId');
    const role = await roleOn(user.id, boardId);
    if (role === 'owner') {
      return fail(409, { leave: { boardId, message: 'Owners delete a board instead.' } });
    }
    const result = await removeMember(getStorage(), { boardId, userId: user.id });
    if (!result.ok) return fail(result.status, { leave: { boardId, message: result.message } });
    await revalidateSockets({ boardId });
    return { leave: { boardId, left: true } };
  },
};
