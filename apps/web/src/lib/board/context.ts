import { getContext, setContext } from 'svelte';
import type { BoardEditor } from './board-editor.svelte.ts';
import type { BoardSession } from './board-session.svelte.ts';

const KEY = Symbol('board-session');

export function setBoardSession(session: BoardSession): BoardSession {
  return setContext(KEY, session);
}

export function getBoardSession(): BoardSession {
  const session = getContext<BoardSession | undefined>(KEY);
  if (!session) throw new Error('getBoardSession() outside a board page');
  return session;
}

/** The map editor's state (selection, viewport, edits) of the board on this page. */
export function getBoardEditor(): BoardEditor {
  return getBoardSession().editor;
}

/** The board's editor when there is one (layers also mounted outside a board page). */
export function getBoardEditorIfAny(): BoardEditor | null {
  return getContext<BoardSession | undefined>(KEY)?.editor ?? null;
}
