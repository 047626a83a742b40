import { createInvite } from '@journeyboard/auth';
import type { BoardRole, Storage } from '@journeyboard/storage';

const DAY_MS = 24 * 60 * 60 * 1000;
export const INVITE_EXPIRY_DAYS = [1, 7, 30] as const;
export type InviteExpiryDays = (typeof INVITE_EXPIRY_DAYS)[number];
type InvitableRole = Exclude<BoardRole, 'owner'>;

export interface IssueInviteInput {
  boardId: string;
  createdBy: string;
  role: InvitableRole;
  expiresInDays: InviteExpiryDays;
  maxUses: number | null;
  /** The site's origin, for the link. */
  origin: string;
}

/**
 * Creates an invite and returns its link. The token is in the link only: storage keeps
 * its hash, so the link can be shown once and never again.
 */
export async function issueInvite(storage: Storage, input: IssueInviteInput): Promise<string> {
  const { token } = await createInvite(storage, {
    boardId: input.boardId,
    createdBy: input.createdBy,
    role: input.role,
    expiresInMs: input.expiresInDays * DAY_MS,
    maxUses: input.maxUses,
  });
  return `${input.origin}/invite/${token}`;
}
