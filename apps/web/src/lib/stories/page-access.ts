import { page } from '$app/state';
import type { Member } from '@journeyboard/model';

/** What the board page's load says about the people on it (`+page.server.ts`). */
interface BoardPageData {
  members?: readonly Member[];
  canComment?: boolean;
}

/** The board's members, for @mentions; empty off a board page. */
export function pageMembers(): readonly Member[] {
  return (page.data as BoardPageData).members ?? [];
}

/** Whether this person may comment (commenters and up); true off a board page. */
export function pageCanComment(): boolean {
  return (page.data as BoardPageData).canComment ?? true;
}
