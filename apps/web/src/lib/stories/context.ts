import type { BoardSession } from '#lib/board/board-session.svelte.ts';
import { getBoardSession } from '#lib/board/context.ts';
import { StoriesState } from './stories-state.svelte.ts';

// One StoriesState per board session, shared by the panel and every card's evidence
// badge without a provider component: keyed by the session, so it dies with it and
// nothing is shared between requests or boards.
const states = new WeakMap<BoardSession, StoriesState>();

export function storiesFor(session: BoardSession): StoriesState {
  let state = states.get(session);
  if (!state) {
    const editor = session.editor;
    state = new StoriesState({
      doc: session.doc,
      actor: editor.actor,
      readonly: () => editor.readonly,
    });
    states.set(session, state);
    session.doc.once('destroy', () => state?.destroy());
  }
  return state;
}

/** The stories state of the board on this page (inside BoardView). */
export function getStories(): StoriesState {
  return storiesFor(getBoardSession());
}
