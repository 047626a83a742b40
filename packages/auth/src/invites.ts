import type { BoardRole, Invite, Storage } from '@journeyboard/storage';
import { ForbiddenError, InviteInvalidError } from './errors.ts';
import { canManageMembers, roleAtLeast } from './roles.ts';
import type { ClockOptions } from './session.ts';
import { generateSessionToken, hashToken, isWellFormedToken } from './tokens.ts';

export const INVITE_DEFAULT_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface CreateInviteInput {
  boardId: string;
  /** The member creating the link; must be allowed to manage members. */
  createdBy: string;
  role: Exclude<BoardRole, 'owner'>;
  expiresInMs?: number;
  /** Omit or null for a link anyone may use until it expires or is revoked. */
  maxUses?: number | null;
}

async function assertManager(storage: Storage, boardId: string, userId: string): Promise<void> {
  const role = await storage.members.getRole(boardId, userId);
  if (role === null || !canManageMembers(role)) {
    throw new ForbiddenError('Only the board owner can manage invites.');
  }
}

/** Returns the token for the link; only its hash is stored, like a session's. */
export async function createInvite(
  storage: Storage,
  input: CreateInviteInput,
  options: ClockOptions = {},
): Promise<{ token: string; invite: Invite }> {
  // Checked at run time too: form data reaches this typed as a string.
  if ((input.role as BoardRole) === 'owner') {
    throw new ForbiddenError('An invite link cannot make someone an owner.');
  }
  const maxUses = input.maxUses ?? null;
  if (maxUses !== null && (!Number.isInteger(maxUses) || maxUses < 1)) {
    throw new RangeError('maxUses must be a positive integer or null');
  }
  await assertManager(storage, input.boardId, input.createdBy);
  const now = options.now ?? Date.now();
  const token = generateSessionToken();
  const invite = await storage.invites.create({
    id: hashToken(token),
    boardId: input.boardId,
    role: input.role,
    createdBy: input.createdBy,
    createdAt: now,
    expiresAt: now + (input.expiresInMs ?? INVITE_DEFAULT_TTL_MS),
    maxUses,
  });
  return { token, invite };
}

export function isInviteLive(invite: Invite, now: number): boolean {
  return (
    invite.revokedAt === null &&
    now < invite.expiresAt &&
    (invite.maxUses === null || invite.uses < invite.maxUses)
  );
}

/**
 * Makes the user a member with the invite's role. A member whose role is already at
 * least that keeps it and uses nothing up; a weaker member is raised, never lowered.
 */
export async function acceptInvite(
  storage: Storage,
  input: { token: string; userId: string },
  options: ClockOptions = {},
): Promise<{ boardId: string; role: BoardRole }> {
  if (!isWellFormedToken(input.token)) throw new InviteInvalidError();
  const now = options.now ?? Date.now();
  const id = hashToken(input.token);
  const invite = await storage.invites.get(id);
  if (!invite || !isInviteLive(invite, now)) throw new InviteInvalidError();
  const { boardId } = invite;
  const existing = await storage.members.getRole(boardId, input.userId);
  if (existing !== null && roleAtLeast(existing, invite.role)) return { boardId, role: existing };
  // The atomic check-and-count: two people racing for the last use cannot both win.
  if (!(await storage.invites.consume(id, now))) throw new InviteInvalidError();
  if (!(await storage.members.add(boardId, input.userId, invite.role))) {
    const current = await storage.members.getRole(boardId, input.userId);
    if (current !== null && roleAtLeast(current, invite.role)) return { boardId, role: current };
    await storage.members.changeRole(boardId, input.userId, invite.role);
  }
  return { boardId, role: invite.role };
}

/** Revokes by the invite's id (its token hash), as listed by `storage.invites.listForBoard`. */
export async function revokeInvite(
  storage: Storage,
  input: { boardId: string; inviteId: string; by: string },
  options: ClockOptions = {},
): Promise<boolean> {
  await assertManager(storage, input.boardId, input.by);
  return storage.invites.revoke(input.boardId, input.inviteId, options.now);
}
