import type { Member } from '@journeyboard/model';

/** Everyone present with a name, by id, sorted by name. Awareness states are untrusted. */
export function membersFromPresence(states: Iterable<unknown>): Member[] {
  const byId = new Map<string, Member>();
  for (const state of states) {
    const user = (state as { user?: { id?: unknown; name?: unknown } } | null)?.user;
    if (typeof user?.id === 'string' && typeof user.name === 'string' && user.name) {
      byId.set(user.id, { id: user.id, name: user.name });
    }
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** A display name for a user id: the member's name, "You", or a neutral fallback. */
export function displayName(userId: string, members: readonly Member[], selfId: string): string {
  if (userId === selfId) return 'You';
  return members.find((member) => member.id === userId)?.name ?? 'Guest';
}
