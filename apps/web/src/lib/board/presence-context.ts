import { getContext, setContext } from 'svelte';
import type { Presence } from './presence.svelte.ts';

const KEY = Symbol('presence');

export function setPresence(presence: Presence): Presence {
  return setContext(KEY, presence);
}

/** Null outside a board page or before the browser has a session (server render). */
export function getPresence(): Presence | null {
  return getContext<Presence | undefined>(KEY) ?? null;
}
