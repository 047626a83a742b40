import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { roleAtLeast } from '@journeyboard/auth';
import type { BoardRole, BoardSummary, User } from '@journeyboard/storage';
import { signInPath } from './auth.ts';
import { isBoardId } from './boards.ts';
import { getStorage } from './storage.ts';

export interface BoardAccess {
  user: User;
  board: BoardSummary;
  role: BoardRole;
}

const NOT_FOUND = 'This board does not exist, or it was deleted.';

/**
 * The board and the member's role, checked on the server for every page and action:
 * signed out → sign-in (pages) or 401 (actions), unknown board 404, not a member 403,
 * a weaker role than `min` 403. Existence is only revealed to signed-in users.
 */
export async function requireBoardRole(
  event: Pick<RequestEvent, 'locals' | 'url' | 'params' | 'request'>,
  min: BoardRole,
): Promise<BoardAccess> {
  const user = event.locals.user;
  if (!user) {
    if (event.request.method === 'GET' || event.request.method === 'HEAD') {
      redirect(303, signInPath(event.url));
    }
    error(401, 'Sign in to do this.');
  }
  const id = event.params.id ?? '';
  const storage = getStorage();
  const [board, role] = isBoardId(id)
    ? await Promise.all([storage.boards.get(id), storage.members.getRole(id, user.id)])
    : [null, null];
  if (!board) error(404, NOT_FOUND);
  if (role === null) error(403, 'You are not a member of this board. Ask its owner for an invite.');
  if (!roleAtLeast(role, min)) error(403, `This needs the ${min} role on this board.`);
  return { user, board, role };
}

/** For actions: 401 instead of a redirect when signed out. */
export function requireActionUser(locals: App.Locals): User {
  if (!locals.user) error(401, 'Sign in to do this.');
  return locals.user;
}
