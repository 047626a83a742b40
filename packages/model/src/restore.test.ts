import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportBoardJson } from './board-json.ts';
import { richBoard } from './board-fixture.ts';
import { addCard, deleteCard, moveCard, setCardText } from './cards.ts';
import { renameStage } from './stages.ts';
import { readBoard } from './read.ts';
import { boardMaps } from './schema.ts';
import { readAnnotations, readStories } from './stories-read.ts';
import { evidenceUndoScope } from './stories-schema.ts';
import { getStoryBody } from './stories.ts';
import { restoreVersion } from './restore.ts';
import { addComment, editComment } from './comments.ts';
import { readThreads } from './comments-read.ts';
import { alice, bob } from './testing.ts';

function fork(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

function content(doc: Y.Doc) {
  const { board } = exportBoardJson(doc, new Date(0));
  return board;
}

describe('restoreVersion', () => {
  it("leaves comments and ideas as they are: they stay their authors'", () => {
    const doc = richBoard();
    const version = fork(doc);
    const [thread] = readThreads(doc);
    const card = readBoard(doc).cards[0]!;
    const later = addComment(doc, { target: { kind: 'card', id: card.id }, body: 'Later' }, bob);
    editComment(doc, thread!.root.id, { body: 'Edited since' }, bob);
    expect(restoreVersion(doc, version, alice)).toBe(false);
    expect(readThreads(doc).map((t) => t.root.body)).toEqual(['Edited since', 'Later']);
    expect(readThreads(doc)[1]?.root.id).toBe(later);
  });

  it('brings back the version state as one undoable edit', () => {
    const doc = richBoard();
    const version = fork(doc);
    const board = readBoard(doc);
    const [card] = board.cards;
    setCardText(doc, card!.id, 'Rewritten', bob);
    moveCard(doc, card!.id, { laneId: board.lanes[0]!.id, stageId: board.stages[0]!.id }, bob);
    renameStage(doc, board.stages[2]!.id, 'Renamed', bob);
    addCard(doc, { laneId: board.lanes[0]!.id, stageId: board.stages[0]!.id, text: 'later' }, bob);
    const body = getStoryBody(doc, readStories(doc)[0]!.id);
    body.delete(0, body.length);
    const edited = content(doc);

    const undo = new Y.UndoManager([...boardMaps(doc), ...evidenceUndoScope(doc)], {
      trackedOrigins: new Set([alice]),
    });
    expect(restoreVersion(doc, version, alice)).toBe(true);
    expect(readBoard(doc)).toEqual(readBoard(version));
    expect(readStories(doc)).toEqual(readStories(version));
    // The rich text comes back with its formatting, not as plain text.
    expect(body.toDelta()).toEqual(getStoryBody(version, readStories(doc)[0]!.id).toDelta());
    expect((body.toDelta() as unknown[])[0]).toEqual({
      insert: 'Customer:',
      attributes: { bold: true },
    });
    expect(readAnnotations(doc)).toEqual(readAnnotations(version));
    expect(undo.undoStack).toHaveLength(1);

    undo.undo();
    expect(readBoard(doc)).toEqual(readBoard(fork(doc)));
    expect(content(doc).maps.cards).toEqual(edited.maps.cards);
    expect(content(doc).maps.stages).toEqual(edited.maps.stages);
    expect(restoreVersion(doc, version, alice)).toBe(true);
    expect(restoreVersion(doc, version, alice)).toBe(false);
  });

  it('keeps concurrent edits to what the version does not change', () => {
    const doc = richBoard();
    const version = fork(doc);
    const other = fork(doc);
    const board = readBoard(doc);
    const [card] = board.cards;
    deleteCard(doc, card!.id, alice);
    sync(doc, other);
    // Bob edits a stage name while Alice restores the deleted card.
    renameStage(other, board.stages[0]!.id, 'Discovery', bob);
    restoreVersion(doc, version, alice);
    sync(doc, other);
    expect(readBoard(doc)).toEqual(readBoard(other));
    expect(readBoard(doc).cards.map((c) => c.id)).toContain(card!.id);
    expect(readBoard(doc).stages[0]!.name).toBe('Discovery');
  });

  it('leaves server-owned roots alone', () => {
    const doc = richBoard();
    const version = fork(doc);
    doc.getMap('votes').set('s1', { title: 'tally' });
    const before = Y.encodeStateVector(doc);
    restoreVersion(doc, version, alice);
    expect(doc.getMap('votes').get('s1')).toEqual({ title: 'tally' });
    // A root item of the update names its parent map: none may be a server root.
    const { structs } = Y.decodeUpdate(Y.encodeStateAsUpdate(doc, before));
    const roots = structs.map((struct) => (struct instanceof Y.Item ? struct.parent : null));
    expect(roots).not.toContain('votes');
    expect(readBoard(doc)).toEqual(readBoard(version));
  });
});
