import { error, fail, redirect } from '@sveltejs/kit';
import { roleAtLeast } from '@journeyboard/auth';
import { requireActionUser } from '#lib/server/access.ts';
import { requireUser } from '#lib/server/auth.ts';
import { createBoard, isBoardId, renameBoard } from '#lib/server/boards.ts';
import { createBoardFromSavedTemplate, importBoardFile } from '#lib/server/board-import.ts';
import { BodyTooLargeError, importMaxBytes, limitedBody } from '#lib/server/body-limit.ts';
import { lockedOut } from '#lib/server/board-lock.ts';
import { boardCreationRefusal } from '#lib/server/board-quota.ts';
import { field } from '#lib/server/form.ts';
import { removeMember } from '#lib/server/members.ts';
import { mentionsForUser } from '#lib/server/mentions.ts';
import { getServices, getStorage } from '#lib/server/storage.ts';
import { revalidateSockets } from '#lib/server/sync-handle.ts';
import { openVotesFor } from '#lib/server/voting/open-votes.ts';
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
  const titles = new Map(boards.map((board) => [board.id, board.title]));
  return {
    /** Voting sessions this member can still vote in, on any of their boards. */
    openVotes: await openVotesFor(getStorage(), user.id, titles),
    /** Comments on their boards that @mention this member: their notifications. */
    mentions: await mentionsForUser(getStorage(), getServices().boardDocs, user.id, boards),
    mine: boards.filter((board) => board.role === 'owner'),
    shared: boards.filter((board) => board.role !== 'owner'),
    /** Boards this member saved as templates, offered on the new-board form. */
    savedTemplates: (await getStorage().templates.listForUser(user.id)).map(
      ({ id, name, description }) => ({ id, name, description }),
    ),
    // Sent as data so that the list page's bundle does not pull in the model (and Yjs).
    form: {
      templates: TEMPLATE_OPTIONS,
      defaultTemplate: DEFAULT_TEMPLATE,
      titleMaxLength: TITLE_MAX_LENGTH,
      importMaxBytes: importMaxBytes(),
    },
  };
};

/** The new-board form's value for a saved template: `saved:<id>`. */
const SAVED_PREFIX = 'saved:';

async function createFromSaved(userId: string, templateId: string, data: FormData) {
  const title = normaliseTitle(field(data, 'title'));
  const values = { title: field(data, 'title'), template: `${SAVED_PREFIX}${templateId}` };
  const problem = validateTitle(title);
  if (problem) return fail(400, { values, errors: { title: problem } });
  const board = await createBoardFromSavedTemplate(getStorage(), {
    templateId,
    title,
    ownerId: userId,
  });
  if (!board) return fail(400, { values, errors: { template: 'That template no longer exists.' } });
  redirect(303, `/b/${board.id}`);
}

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
    const data = await request.formData();
    const template = data.get('template');
    const refusal = await boardCreationRefusal(user.id);
    if (refusal) {
      const values = { title: field(data, 'title'), template: field(data, 'template') };
      return fail(429, { values, errors: { title: refusal } });
    }
    if (typeof template === 'string' && template.startsWith(SAVED_PREFIX)) {
      return createFromSaved(user.id, template.slice(SAVED_PREFIX.length), data);
    }
    const form = parseBoardForm(data);
    if (!form.ok) return fail(400, { values: form.values, errors: form.errors });
    const board = await createBoard(getStorage(), { ...form, ownerId: user.id });
    redirect(303, `/b/${board.id}`);
  },
  /** A board file (the JSON export) becomes a new board owned by the importer. */
  import: async ({ locals, request }) => {
    const user = requireActionUser(locals);
    const maxBytes = importMaxBytes();
    const tooLarge = fail(413, {
      import: {
        message: `This file is too large to import (${Math.round(maxBytes / 1_000_000)} MB at most).`,
      },
    });
    // Multipart framing adds a little around the file itself.
    const allowed = maxBytes + 64 * 1024;
    if (Number(request.headers.get('content-length') ?? 0) > allowed) return tooLarge;
    let data: FormData;
    try {
      data = await new Response(limitedBody(request, allowed), {
        headers: { 'content-type': request.headers.get('content-type') ?? '' },
      }).formData();
    } catch (cause) {
      if (cause instanceof BodyTooLargeError) return tooLarge;
      return fail(400, { import: { message: 'The upload did not arrive whole; try again.' } });
    }
    const file = data.get('file');
    if (!(file instanceof File) || file.size === 0) {
      return fail(400, { import: { message: 'Choose a board file (.json) to import.' } });
    }
    const refusal = await boardCreationRefusal(user.id);
    if (refusal) return fail(429, { import: { message: refusal } });
    if (file.size > maxBytes) return tooLarge;
    const result = await importBoardFile(getStorage(), {
      text: await file.text(),
      fileName: file.name.slice(0, 80),
      ownerId: user.id,
    });
    if (!result.ok) return fail(400, { import: { message: result.message } });
    redirect(303, `/b/${result.board.id}`);
  },
  rename: async ({ locals, request }) => {
    const user = requireActionUser(locals);
    const data = await request.formData();
    const boardId = field(data, 'boardId');
    const role = await roleOn(user.id, boardId);
    if (!roleAtLeast(role, 'editor')) error(403, 'Only owners and editors can rename a board.');
    const locked = await lockedOut(getServices().boardDocs, boardId, { role, userId: user.id });
    if (locked) return fail(423, { rename: { boardId, message: locked } });
    const title = normaliseTitle(field(data, 'title'));
    const problem = validateTitle(title);
    if (problem) return fail(400, { rename: { boardId, message: problem } });
    await renameBoard(getServices(), { boardId, title, actor: { userId: user.id } });
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
