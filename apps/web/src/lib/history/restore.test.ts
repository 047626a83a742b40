import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addStory, applyTemplate, readBoard, readStories, renameStage } from '@journeyboard/model';
import { applyVersion, RestoreTooLargeError } from './restore.ts';

const ada = { userId: 'ada' };

function fork(doc: Y.Doc): Uint8Array {
  return Y.encodeStateAsUpdate(doc);
}

describe('applyVersion', () => {
  it('restores the whole board and undoes exactly the restore, stories included', () => {
    const doc = new Y.Doc();
    applyTemplate(doc, 'starter', ada, { title: 'Journey' });
    const version = fork(doc);
    const stage = readBoard(doc).stages[0]!.id;
    renameStage(doc, stage, 'Discovery', ada);
    addStory(doc, { title: 'Call with Acme', body: 'Setup was slow.' }, ada);

    const outcome = applyVersion(doc, version, ada);
    expect(outcome.changed).toBe(true);
    expect(readBoard(doc).stages[0]!.name).toBe('Awareness');
    expect(readStories(doc)).toEqual([]);

    // A later edit by the same person is not part of the restore's undo.
    renameStage(doc, readBoard(doc).stages[1]!.id, 'Setup', ada);
    outcome.undo();
    expect(readBoard(doc).stages[0]!.name).toBe('Discovery');
    expect(readStories(doc).map((s) => s.title)).toEqual(['Call with Acme']);
    expect(readBoard(doc).stages[1]!.name).toBe('Setup');
  });

  it('refuses a restore larger than one update may be, leaving the board untouched', () => {
    const doc = new Y.Doc();
    applyTemplate(doc, 'blank', ada, { title: 'Journey' });
    const big = new Y.Doc();
    Y.applyUpdate(big, fork(doc));
    big
      .getMap('canvas')
      .set('shape:huge', { id: 'shape:huge', typeName: 'shape', text: 'x'.repeat(5_000_000) });
    const before = fork(doc);
    expect(() => applyVersion(doc, fork(big), ada)).toThrow(RestoreTooLargeError);
    expect(fork(doc)).toEqual(before);
  });
});
