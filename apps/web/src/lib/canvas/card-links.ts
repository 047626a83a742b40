import type * as Y from 'yjs';
import {
  createShapeId,
  renderPlaintextFromRichText,
  toRichText,
  type Editor,
  type TLNoteShape,
  type TLShapeId,
  type VecLike,
} from 'tldraw';
import { addCard, observeBoard, readBoard, type Actor, type Board } from '@journeyboard/model';

/** A sticky on the canvas that mirrors a card of the map: `meta.cardId`. */
export function linkedCardId(shape: { meta: unknown }): string | null {
  const meta = shape.meta as Record<string, unknown> | null;
  const id = meta?.cardId;
  return typeof id === 'string' && id.length > 0 ? id : null;
}

function isNote(shape: { type: string } | undefined): shape is TLNoteShape {
  return shape?.type === 'note';
}

function linkedNotes(editor: Editor): TLNoteShape[] {
  const notes: TLNoteShape[] = [];
  for (const id of editor.getPageShapeIds(editor.getCurrentPageId())) {
    const shape = editor.getShape(id);
    if (isNote(shape) && linkedCardId(shape)) notes.push(shape);
  }
  return notes;
}

export function noteText(editor: Editor, note: TLNoteShape): string {
  return renderPlaintextFromRichText(editor, note.props.richText);
}

/** Drops a sticky linked to the card at a page point; it shows the card's text. */
export function placeLinkedSticky(
  editor: Editor,
  card: { id: string; text: string },
  at: VecLike,
): TLShapeId {
  const id = createShapeId();
  editor.markHistoryStoppingPoint('place linked sticky');
  editor.createShape<TLNoteShape>({
    id,
    type: 'note',
    // A note is 200 units wide: centre it under the pointer.
    x: at.x - 100,
    y: at.y - 100,
    props: { richText: toRichText(card.text), color: 'light-blue' },
    meta: { cardId: card.id },
  });
  editor.select(id);
  return id;
}

/** The selected sticky, when exactly one note is selected. */
export function selectedNote(editor: Editor): TLNoteShape | null {
  const shapes = editor.getSelectedShapes();
  const only = shapes.length === 1 ? shapes[0] : undefined;
  return isNote(only) ? only : null;
}

/** Creates a card in the chosen cell from the sticky's text and links the sticky to it. */
export function sendStickyToMap(options: {
  editor: Editor;
  doc: Y.Doc;
  actor: Actor;
  noteId: TLShapeId;
  laneId: string;
  stageId: string;
}): string {
  const { editor, doc, actor, noteId, laneId, stageId } = options;
  const note = editor.getShape(noteId);
  if (!isNote(note)) throw new Error('Only a sticky note can be sent to the map');
  const cardId = addCard(doc, { laneId, stageId, text: noteText(editor, note).trim() }, actor);
  editor.updateShape<TLNoteShape>({
    id: note.id,
    type: 'note',
    meta: { ...note.meta, cardId },
  });
  return cardId;
}

/**
 * Keeps linked stickies showing their card's current text. Every editor applies the
 * same value, so concurrent writes agree; they stay out of undo (`history: 'ignore'`)
 * because nobody typed them here.
 */
export function keepLinkedStickiesCurrent(options: {
  editor: Editor;
  doc: Y.Doc;
  readonly: boolean;
}): () => void {
  const { editor, doc, readonly } = options;
  const refresh = (board: Board) => {
    if (readonly) return;
    const texts = new Map(board.cards.map((card) => [card.id, card.text]));
    const updates = linkedNotes(editor).flatMap((note) => {
      const text = texts.get(linkedCardId(note) ?? '');
      if (text === undefined || noteText(editor, note) === text) return [];
      return [{ id: note.id, type: 'note' as const, props: { richText: toRichText(text) } }];
    });
    if (updates.length > 0) {
      editor.run(() => editor.updateShapes<TLNoteShape>(updates), { history: 'ignore' });
    }
  };
  refresh(readBoard(doc));
  return observeBoard(doc, (board) => refresh(board));
}
