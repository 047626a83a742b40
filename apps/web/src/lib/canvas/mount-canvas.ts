// The canvas chunk: everything that pulls in React and tldraw is reached from here, and
// this module is only ever loaded with a dynamic import when the canvas view opens.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { createTLStore, defaultBindingUtils, defaultShapeUtils, Tldraw, type Editor } from 'tldraw';
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite';
import 'tldraw/tldraw.css';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { Actor } from '@journeyboard/model';
import type { PresenceUser } from '../board/presence-state.ts';
import { bindCanvas } from './canvas-binding.ts';
import { bindCanvasPresence } from './canvas-presence.ts';
import { keepLinkedStickiesCurrent } from './card-links.ts';

export interface MountCanvasOptions {
  host: HTMLElement;
  doc: Y.Doc;
  awareness: Awareness;
  actor: Actor;
  user: PresenceUser;
  readonly: boolean;
  /** Our theme, resolved (tldraw's own 'system' would ignore a choice made in our header). */
  colorScheme: 'light' | 'dark';
  licenseKey?: string | undefined;
  onEditor: (editor: Editor) => void;
}

export interface MountedCanvas {
  setReadonly(readonly: boolean): void;
  setColorScheme(colorScheme: 'light' | 'dark'): void;
  destroy(): void;
}

export {
  placeLinkedSticky,
  selectedNote,
  sendStickyToMap,
  linkedCardId,
  noteText,
} from './card-links.ts';
export { followCanvasPeer } from './canvas-follow.ts';
export type { Editor };

export function mountCanvas(options: MountCanvasOptions): MountedCanvas {
  const { host, doc, awareness, actor, user, licenseKey, onEditor } = options;
  let readonly = options.readonly;
  let colorScheme = options.colorScheme;
  const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils });
  const binding = bindCanvas({ doc, store, actor, readonly });
  const cleanups: (() => void)[] = [() => binding.destroy()];
  let editor: Editor | null = null;

  const root = createRoot(host);
  root.render(
    createElement(Tldraw, {
      store,
      assetUrls: getAssetUrlsByImport(),
      colorScheme,
      ...(licenseKey ? { licenseKey } : {}),
      onMount: (mounted: Editor) => {
        editor = mounted;
        mounted.updateInstanceState({ isReadonly: readonly });
        // The user id tldraw stamps on edits and filters collaborators by.
        mounted.user.updateUserPreferences({
          id: user.id,
          name: user.name,
          color: user.colour,
          colorScheme,
        });
        cleanups.push(bindCanvasPresence({ editor: mounted, awareness, user }));
        cleanups.push(keepLinkedStickiesCurrent({ editor: mounted, doc, readonly }));
        onEditor(mounted);
      },
    }),
  );

  return {
    setReadonly(next) {
      readonly = next;
      editor?.updateInstanceState({ isReadonly: next });
    },
    setColorScheme(next) {
      colorScheme = next;
      editor?.user.updateUserPreferences({ colorScheme: next });
    },
    destroy() {
      for (const cleanup of cleanups.splice(0).reverse()) cleanup();
      root.unmount();
      store.dispose();
    },
  };
}
