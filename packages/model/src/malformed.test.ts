import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { richBoard } from './board-fixture.ts';
import { boardDigest } from './activity.ts';
import { exportBoardJson } from './board-json.ts';
import { readCanvasRecords } from './canvas.ts';
import { mentionsFor, openThreadCounts, readThreads } from './comments-read.ts';
import { ENTITY_ROOTS } from './entity-shapes.ts';
import { readIdeas } from './ideas.ts';
import { readInitiatives } from './initiatives.ts';
import { readKpis } from './kpis.ts';
import { readBoard } from './read.ts';
import { readAnnotations, readStories } from './stories-read.ts';

/**
 * A board written before the sync server checked shapes (or by an import) may hold an
 * entry of any type in any root: every reader skips it and reads the rest.
 */
function withMalformedEntries(): Y.Doc {
  const doc = richBoard();
  doc.transact(() => {
    for (const root of [...ENTITY_ROOTS, 'canvas']) {
      doc.getMap(root).set('boom', 'boom');
      doc.getMap(root).set('number', 42);
      doc.getMap(root).set('text', new Y.Text('not an entity'));
    }
  });
  return doc;
}

describe('readers and a malformed entry', () => {
  it('read the board, its stories, comments, ideas and the rest as if it were absent', () => {
    const clean = richBoard();
    const doc = withMalformedEntries();
    const cleanBoard = readBoard(clean);
    const board = readBoard(doc);
    expect(board.cards.map((card) => card.text)).toEqual(cleanBoard.cards.map((c) => c.text));
    expect(board.stages.map((stage) => stage.name)).toEqual(cleanBoard.stages.map((s) => s.name));
    expect(readStories(doc).map((story) => story.title)).toEqual(['Ticket #4411']);
    expect(readAnnotations(doc, { includeOrphaned: true })).toHaveLength(1);
    expect(readThreads(doc).map((thread) => thread.root.body)).toEqual([
      'Seen this in sales calls too',
    ]);
    expect([...openThreadCounts(doc).values()]).toEqual([1]);
    expect(mentionsFor(doc, 'alice')).toEqual([]);
    expect(readIdeas(doc)).toEqual([]);
    expect(readKpis(doc)).toEqual(readKpis(clean));
    expect(readInitiatives(doc)).toHaveLength(readInitiatives(clean).length);
    expect(readCanvasRecords(doc).map((record) => record.id)).toEqual(['shape:1']);
  });

  it('digest and export the board without throwing', () => {
    const doc = withMalformedEntries();
    expect(() => boardDigest(doc)).not.toThrow();
    expect(() => exportBoardJson(doc)).not.toThrow();
  });
});
