import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Acknowledged } from './acknowledged.ts';

function boardWithTwoCards(): Y.Doc {
  const doc = new Y.Doc();
  const cards = doc.getMap<Y.Map<unknown>>('cards');
  for (const id of ['a', 'b']) {
    const card = new Y.Map<unknown>();
    card.set('text', new Y.Text('Setup is slow'));
    cards.set(id, card);
  }
  return doc;
}

const textOf = (doc: Y.Doc, id: string) =>
  doc.getMap<Y.Map<unknown>>('cards').get(id)?.get('text') as Y.Text;

describe('Acknowledged', () => {
  it('counts a burst of typing in one field as one edit', () => {
    const doc = boardWithTwoCards();
    const acked = Acknowledged.all(doc);
    for (const key of ' and confusing') textOf(doc, 'a').insert(textOf(doc, 'a').length, key);
    expect(acked.pendingEdits(doc)).toBe(1);
  });

  it('counts edits in two fields as two, deletions included', () => {
    const doc = boardWithTwoCards();
    const acked = Acknowledged.all(doc);
    textOf(doc, 'a').insert(0, 'Really: ');
    textOf(doc, 'b').delete(0, 6);
    expect(acked.pendingEdits(doc)).toBe(2);
  });

  it('counts a new card with its text as one edit', () => {
    const doc = boardWithTwoCards();
    const acked = Acknowledged.all(doc);
    const card = new Y.Map<unknown>();
    card.set('text', new Y.Text('New'));
    doc.getMap('cards').set('c', card);
    textOf(doc, 'c').insert(3, ' card');
    expect(acked.pendingEdits(doc)).toBe(1);
  });

  it('survives a reload: decoded on a copy of the board, it still sees the edits', () => {
    const doc = boardWithTwoCards();
    const acked = Acknowledged.all(doc);
    textOf(doc, 'a').insert(0, 'Really: ');
    textOf(doc, 'b').delete(0, 6);
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(doc));
    expect(Acknowledged.decode(acked.encode()).pendingEdits(reloaded)).toBe(2);
  });

  it('counts nothing once the server confirmed or sent the changes', () => {
    const doc = boardWithTwoCards();
    const acked = Acknowledged.all(doc);
    textOf(doc, 'a').insert(0, 'Really: ');
    acked.coverSnapshot(Y.snapshot(doc));
    expect(acked.pendingEdits(doc)).toBe(0);

    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateVector(other);
    textOf(other, 'b').delete(0, 6);
    textOf(other, 'b').insert(0, 'Now');
    const update = Y.encodeStateAsUpdate(other, before);
    Y.applyUpdate(doc, update);
    acked.coverUpdate(update);
    expect(acked.pendingEdits(doc)).toBe(0);
  });
});
