import { json } from '@sveltejs/kit';
import { requireBoardRole } from '#lib/server/access.ts';
import { readJsonBody } from '#lib/server/json-body.ts';
import { changeMemberRole, removeMember, type MemberChange } from '#lib/server/members.ts';
import { settleAccessRequests } from '#lib/server/share/access-requests.ts';
import { memberRoleRequest } from '#lib/server/share/requests.ts';
import { getStorage } from '#lib/server/storage.ts';
import { revalidateSockets } from '#lib/server/sync-handle.ts';
import type { RequestHandler } from './$types';

async function settle(boardId: string, result: MemberChange): Promise<Response> {
  if (!result.ok) return json({ message: result.message }, { status: result.status });
  // Open sockets carry the old role until they are checked again.
  await revalidateSockets({ boardId });
  return json({ ok: true });
}

/** An owner changes a member's role. */
export const PATCH: RequestHandler = async (event) => {
  const { board } = await requireBoardRole(event, 'owner');
  const { role } = await readJsonBody(event.request, memberRoleRequest);
  const userId = event.params.userId;
  const storage = getStorage();
  const from = await storage.members.getRole(board.id, userId);
  const result = await changeMemberRole(storage, { boardId: board.id, userId, role });
  if (result.ok && from) {
    await settleAccessRequests(storage, { board, userId, from, to: role, now: Date.now() });
  }
  return settle(board.id, result);
};

/** An owner removes a member. */
export const DELETE: RequestHandler = async (event) => {
  const { board } = await requireBoardRole(event, 'owner');
  const userId = event.params.userId;
  return settle(board.id, await removeMember(getStorage(), { boardId: board.id, userId }));
};
