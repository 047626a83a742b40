import type { BoardRole, Storage } from '@journeyboard/storage';
import { readSessionCookie } from './cookie.ts';
import { validateSessionToken, type ClockOptions } from './session.ts';

/** The sync server's `authorize` result (`AccessDecision` in packages/sync). */
export type AccessDecision =
  | { ok: true; userId: string; role: BoardRole; name: string; colour: string }
  | { ok: false; status: 401 | 403 | 404; reason: string };

/**
 * Decides a request for a board from its raw Cookie header, before any WebSocket exists:
 * no valid session 401, no such board 404, not a member 403. Existence is only revealed
 * to signed-in users.
 */
export async function authorizeBoardAccess(
  storage: Storage,
  request: { cookieHeader: string | null | undefined; boardId: string },
  options: ClockOptions = {},
): Promise<AccessDecision> {
  const token = readSessionCookie(request.cookieHeader);
  const validated = token === null ? null : await validateSessionToken(storage, token, options);
  if (!validated) return { ok: false, status: 401, reason: 'not signed in' };
  const userId = validated.user.id;
  const [board, role] = await Promise.all([
    storage.boards.get(request.boardId),
    storage.members.getRole(request.boardId, userId),
  ]);
  if (!board) return { ok: false, status: 404, reason: 'board not found' };
  if (role === null) return { ok: false, status: 403, reason: 'not a member of this board' };
  const { displayName: name, colour } = validated.user;
  return { ok: true, userId, role, name, colour };
}
