import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addStage, renameStage } from './stages.ts';
import { readBoard } from './read.ts';
import { boardMaps as undoScope } from './schema.ts';
import { alice, bob } from './testing.ts';

describe('undo per user', () => {
  it('undoes only the tracked actor’s writes', () => {
    const doc = new Y.Doc();
    const undo = new Y.UndoManager([...undoScope(doc)], {
      trackedOrigins: new Set([alice]),
      captureTimeout: 0,
    });
    const stage = addStage(doc, { name: 'A' }, alice);
    addStage(doc, { name: 'By Bob' }, bob);
    renameStage(doc, stage, 'Awareness', alice);
    undo.undo();
    expect(readBoard(doc).stages.map((s) => s.name)).toEqual(['A', 'By Bob']);
    undo.undo();
    expect(readBoard(doc).stages.map((s) => s.name)).toEqual(['By Bob']);
    undo.destroy();
  });
});
