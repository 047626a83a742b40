import { isRole } from '@journeyboard/auth';
import type { BoardRole, Storage } from '@journeyboard/storage';

export type MemberChange = { ok: true } | { ok: false; status: 400 | 404 | 409; message: string };

async function ownerCount(storage: Storage, boardId: string): Promise<number> {
  const members = await storage.members.listForBoard(boardId);
  return members.filter((member) => member.role === 'owner').length;
}

/**
 * Changes a member's role; a board always keeps one owner, so the last owner cannot be
 * demoted (another owner must be named first).
 */
export async function changeMemberRole(
  storage: Storage,
  input: { boardId: string; userId: string; role: string },
): Promise<MemberChange> {
  if (!isRole(input.role)) return { ok: false, status: 400, message: 'Choose a role.' };
  const role: BoardRole = input.role;
  const current = await storage.members.getRole(input.boardId, input.userId);
  if (current === null) return { ok: false, status: 404, message: 'No such member.' };
  if (current === role) return { ok: true };
  if (current === 'owner' && (await ownerCount(storage, input.boardId)) <= 1) {
    return {
      ok: false,
      status: 409,
      message: 'A board needs an owner: make someone else owner first.',
    };
  }
  await storage.members.changeRole(input.boardId, input.userId, role);
  return { ok: true };
}

/** Longer than any department name; the same bound as the profile's fields. */
const DEPARTMENT_MAX = 80;

/**
 * An owner sets (or clears, with '') a member's department on the board. Vote
 * breakdowns group by it, so members never declare their own (issue 15, item 7).
 */
export async function setMemberDepartment(
  storage: Storage,
  input: { boardId: string; userId: string; department: string },
): Promise<MemberChange> {
  const department = input.department.trim().normalize('NFC');
  if (department.length > DEPARTMENT_MAX) {
    return {
      ok: false,
      status: 400,
      message: `A department name is at most ${DEPARTMENT_MAX} characters.`,
    };
  }
  const set = await storage.members.setDepartment(
    input.boardId,
    input.userId,
    department === '' ? null : department,
  );
  return set ? { ok: true } : { ok: false, status: 404, message: 'No such member.' };
}

/** Removes a member (or lets one leave); never the last owner. */
export async function removeMember(
  storage: Storage,
  input: { boardId: string; userId: string },
): Promise<MemberChange> {
  const current = await storage.members.getRole(input.boardId, input.userId);
  if (current === null) return { ok: false, status: 404, message: 'No such member.' };
  if (current === 'owner' && (await ownerCount(storage, input.boardId)) <= 1) {
    return {
      ok: false,
      status: 409,
      message: 'A board needs an owner: make someone else owner first, or delete the board.',
    };
  }
  await storage.members.remove(input.boardId, input.userId);
  return { ok: true };
}
