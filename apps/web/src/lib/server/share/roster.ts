import { canManageMembers, isInviteLive } from '@journeyboard/auth';
import type { BoardRole, Storage } from '@journeyboard/storage';
import { pendingAccessRequests } from './access-requests.ts';

interface RosterMember {
  id: string;
  displayName: string;
  /** Only owners see addresses. */
  email: string | null;
  colour: string;
  role: BoardRole;
  /** Set by owners; what vote breakdowns group this member by. */
  department: string | null;
  you: boolean;
}

interface RosterInvite {
  id: string;
  role: BoardRole;
  expiresAt: number;
  maxUses: number | null;
  uses: number;
}

export interface Roster {
  manage: boolean;
  members: RosterMember[];
  /** Live invite links; empty for anyone who cannot manage members. */
  invites: RosterInvite[];
  /** Members waiting for edit access; empty for anyone who cannot manage members. */
  requests: { userId: string; at: number }[];
}

/** Who is on a board and which invite links still work, as `viewer` may see it. */
export async function boardRoster(
  storage: Storage,
  input: { boardId: string; viewerId: string; viewerRole: BoardRole; now?: number },
): Promise<Roster> {
  const manage = canManageMembers(input.viewerRole);
  const now = input.now ?? Date.now();
  const members = (await storage.members.listForBoard(input.boardId)).map((member) => ({
    id: member.user.id,
    displayName: member.user.displayName,
    email: manage ? member.user.email : null,
    colour: member.user.colour,
    role: member.role,
    department: member.department,
    you: member.user.id === input.viewerId,
  }));
  const invites = manage
    ? (await storage.invites.listForBoard(input.boardId))
        .filter((invite) => isInviteLive(invite, now))
        .map(({ id, role, expiresAt, maxUses, uses }) => ({ id, role, expiresAt, maxUses, uses }))
    : [];
  const requests = manage ? await pendingAccessRequests(storage, input.boardId) : [];
  return { manage, members, invites, requests };
}
