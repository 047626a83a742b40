import { onDestroy } from 'svelte';
import type { Awareness } from 'y-protocols/awareness';
import type { BoardEditor } from './board-editor.svelte.ts';
import { setPresence } from './presence-context.ts';
import type { PresenceUser } from './presence-state.ts';
import { Presence, type PresenceMap } from './presence.svelte.ts';

/** The map editor's selection and viewport, as presence reads and drives them. */
export function presenceMapOf(editor: BoardEditor): PresenceMap {
  return {
    get selectedCardId() {
      return editor.selectedCardId;
    },
    get editingCardId() {
      return editor.editingCardId;
    },
    get viewport() {
      return editor.viewport.current;
    },
    get revision() {
      return editor.viewport.revision;
    },
    setViewport: (viewport) => editor.viewport.set(viewport),
  };
}

export interface SetupPresenceOptions {
  awareness: Awareness;
  user: PresenceUser;
  map: PresenceMap;
}

/**
 * Presence for the board page: call during component init. Provides it to the presence
 * components (context), keeps it bound to the map and says goodbye on destroy.
 */
export function setupPresence({ awareness, user, map }: SetupPresenceOptions): Presence {
  const presence = setPresence(new Presence({ awareness, user }));
  $effect(() => presence.bindMap(map));
  onDestroy(() => presence.destroy());
  return presence;
}
