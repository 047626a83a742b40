import type { Member } from '@journeyboard/model';

/** A member's name for a user id: "you" for oneself, a neutral fallback for strangers. */
export function personName(userId: string, members: readonly Member[], selfId: string): string {
  if (!userId) return 'Someone';
  if (userId === selfId) return 'You';
  return members.find((member) => member.id === userId)?.name ?? 'A former member';
}

/** A member's own name (never "You"), for avatars and lists that mark oneself apart. */
export function memberName(userId: string, members: readonly Member[]): string {
  return members.find((member) => member.id === userId && member.name !== 'You')?.name ?? 'You';
}

/** Initials for an avatar chip: "Ana Lima" → "AL". */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return letters.map((part) => part?.[0]?.toUpperCase() ?? '').join('') || '?';
}

/**
 * The board's members and whoever is present without an account (development), by id,
 * sorted by name, oneself always included: owners and keepers can be chosen either way.
 */
export function mergeMembers(
  boardMembers: readonly Member[],
  present: readonly Member[],
  selfId: string,
): Member[] {
  const byId = new Map<string, Member>();
  for (const member of present) byId.set(member.id, member);
  for (const member of boardMembers) byId.set(member.id, member);
  if (!byId.has(selfId)) byId.set(selfId, { id: selfId, name: 'You' });
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}
