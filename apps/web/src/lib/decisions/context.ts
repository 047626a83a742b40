import { page } from '$app/state';
import type { Member } from '@journeyboard/model';
import type { BoardSession } from '#lib/board/board-session.svelte.ts';
import { getBoardSession } from '#lib/board/context.ts';
import { DecisionsState } from './decisions-state.svelte.ts';

// One DecisionsState per board session, shared by the panel, the stage headers, the KPI
// lane and the cards without a provider component: keyed by the session, so it dies with
// it and nothing is shared between requests or boards.
const states = new WeakMap<BoardSession, DecisionsState>();

interface BoardPageData {
  canComment?: boolean;
  members?: readonly Member[];
}

/** Commenters and up may submit ideas; without accounts (development) everyone may. */
function mayComment(): boolean {
  return (page.data as BoardPageData).canComment ?? true;
}

export function decisionsFor(session: BoardSession): DecisionsState {
  let state = states.get(session);
  if (!state) {
    const editor = session.editor;
    state = new DecisionsState({
      doc: session.doc,
      actor: editor.actor,
      canEdit: () => !editor.readonly,
      canSubmit: mayComment,
      notify: (message, undo) => editor.notices.show(message, { undo }),
    });
    states.set(session, state);
    session.doc.once('destroy', () => state?.destroy());
  }
  return state;
}

/** The decisions state of the board on this page (inside BoardView). */
export function getDecisions(): DecisionsState {
  return decisionsFor(getBoardSession());
}

/** The board's members as the page's load reports them (empty without accounts). */
export function boardMembers(): readonly Member[] {
  return (page.data as BoardPageData).members ?? [];
}
