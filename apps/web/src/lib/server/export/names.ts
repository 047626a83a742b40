import type { Storage } from '@journeyboard/storage';

/** Member id → display name, for keepers, owners and authors in exports. */
export async function memberNames(storage: Storage, boardId: string): Promise<Map<string, string>> {
  const members = await storage.members.listForBoard(boardId);
  return new Map(members.map((member) => [member.user.id, member.user.displayName]));
}
