import { page } from '$app/state';
import type { Actor } from '@journeyboard/model';

const KEY = 'journeyboard:guest-id';

/** The signed-in member as the board page's load reports it (`data.me`). */
export interface BoardMe {
  id: string;
  name: string;
  colour: string;
}

/** The signed-in member on a board page, or null (e.g. no-auth development). */
export function signedInMe(): BoardMe | null {
  return (page.data as { me?: BoardMe }).me ?? null;
}

/**
 * Who writes: the signed-in user on a board page; otherwise (no-auth development) a
 * stable guest id per browser, so a person's cards stay attributed across visits. Call
 * during component setup, where `page` is the current page.
 */
export function guestActor(): Actor {
  const me = signedInMe();
  if (me) return { userId: me.id };
  let id = localStorage.getItem(KEY);
  if (!id) {
    id = `guest-${crypto.randomUUID()}`;
    localStorage.setItem(KEY, id);
  }
  return { userId: id };
}
