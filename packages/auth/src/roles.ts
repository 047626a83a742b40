import type { BoardRole } from '@journeyboard/storage';

/** Strongest first. */
export const ROLES: readonly BoardRole[] = ['owner', 'editor', 'commenter', 'viewer'];

const rank: Record<BoardRole, number> = { owner: 3, editor: 2, commenter: 1, viewer: 0 };

export function isRole(value: unknown): value is BoardRole {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleAtLeast(role: BoardRole, min: BoardRole): boolean {
  return rank[role] >= rank[min];
}

/** Whether the sync server accepts this member's document updates. */
export function canWriteDocument(role: BoardRole): boolean {
  return roleAtLeast(role, 'editor');
}

export function canComment(role: BoardRole): boolean {
  return roleAtLeast(role, 'commenter');
}

/** Invite, remove and change roles of members; create and revoke invite links. */
export function canManageMembers(role: BoardRole): boolean {
  return role === 'owner';
}
