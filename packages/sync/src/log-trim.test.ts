import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Limits } from '@journeyboard/protocol';
import { applyLog } from './load-log.ts';
import { concurrentValues } from './test/crafted-updates.ts';
import { Resources, connect, whenSynced } from './test/helpers.ts';
import { startAttackServer } from './test/attack-setup.ts';
import { trimOverConcurrentPlaces } from './trim-update.ts';

const resources = new Resources();
afterEach(() => resources.closeAll());

const quiet = { warn: () => {}, error: () => {} };

/**
 * A board's honest history and a hostile update, compacted into one log entry as a room
 * did before updates were bounded: applied to one doc, then encoded whole. 3,000 values
 * (over the bound of 100 at one place) keep the test fast; 30,000 only take longer.
 */
function compactedWithHostile(): Uint8Array {
  const honest = new Y.Doc();
  honest.clientID = 7;
  const cards = honest.getMap('cards');
  const card = new Y.Map<unknown>();
  cards.set('c1', card);
  card.set('text', new Y.Text('checkout is slow'));
  honest.getMap('comments').set('kept', 'a real comment');
  const board = new Y.Doc();
  Y.applyUpdate(board, Y.encodeStateAsUpdate(honest));
  Y.applyUpdate(board, concurrentValues({ root: 'comments', key: 'x', count: 3_000 }));
  // An edit after the attack, by the same honest client: its clocks follow the others.
  honest.getMap('comments').set('later', 'written after');
  Y.applyUpdate(board, Y.encodeStateAsUpdate(honest));
  return Y.encodeStateAsUpdate(board);
}

describe('a compacted log entry with a hostile update inside (issue 15.2)', () => {
  it('keeps the valid part and drops only the values over the limit', () => {
    const doc = new Y.Doc();
    applyLog(doc, [{ seq: 1, bytes: compactedWithHostile() }], { logger: quiet });

    const card = doc.getMap('cards').get('c1');
    expect(card).toBeInstanceOf(Y.Map);
    expect(String((card as Y.Map<unknown>).get('text'))).toBe('checkout is slow');
    expect(doc.getMap('comments').toJSON()).toEqual({
      kept: 'a real comment',
      later: 'written after',
    });
  });

  it('leaves an entry within the limits as it is', () => {
    const fine = concurrentValues({ root: 'comments', key: 'x', count: 50 });
    expect(trimOverConcurrentPlaces(fine, Limits)).toBeNull();
  });

  it('leaves out the made-up clients and keeps the honest client whole', () => {
    const trimmed = trimOverConcurrentPlaces(compactedWithHostile(), Limits);
    expect(trimmed).toMatchObject({ droppedItems: 3_000, droppedPlaces: 1 });
    const { structs } = Y.decodeUpdate(trimmed!.update);
    expect(new Set(structs.map((s) => s.id.client))).toEqual(new Set([7]));
    expect(structs.every((s) => s instanceof Y.Item)).toBe(true);
  });

  it('turns a dropped item into a GC range when its client has more to keep', () => {
    const doc = new Y.Doc();
    doc.clientID = 5;
    doc.getMap('cards').set('mine', 'kept');
    const own = Y.encodeStateAsUpdate(doc);
    const board = new Y.Doc();
    Y.applyUpdate(board, own);
    // Client 5's next clock is a value at the attacked key, then another honest edit.
    Y.applyUpdate(board, concurrentValues({ root: 'comments', key: 'x', count: 200 }));
    doc.getMap('comments').set('x', 'one of many');
    doc.getMap('cards').set('also', 'kept');
    Y.applyUpdate(board, Y.encodeStateAsUpdate(doc));

    const trimmed = trimOverConcurrentPlaces(Y.encodeStateAsUpdate(board), Limits);
    const { structs } = Y.decodeUpdate(trimmed!.update);
    expect(structs.filter((s) => s.id.client === 5).map((s) => s.constructor)).toEqual([
      Y.Item,
      Y.GC,
      Y.Item,
    ]);
    const loaded = new Y.Doc();
    applyLog(loaded, [{ seq: 1, bytes: Y.encodeStateAsUpdate(board) }], { logger: quiet });
    expect(loaded.getMap('cards').toJSON()).toEqual({ mine: 'kept', also: 'kept' });
    expect(loaded.getMap('comments').has('x')).toBe(false);
  });

  it('skips an entry with nothing valid in it whole, as before', () => {
    const hostile = concurrentValues({ root: 'comments', key: 'x', count: 3_000 });
    expect(trimOverConcurrentPlaces(hostile, Limits)).toBeNull();
  });

  it('a live server opens such a board with its honest content', async () => {
    const { storage, server, target } = await startAttackServer(resources);
    await storage.updates.append(target, [compactedWithHostile()], [null]);

    const viewer = connect(resources, server, target, { role: 'viewer' });
    await whenSynced(viewer);

    expect(viewer.doc.getMap('comments').toJSON()).toEqual({
      kept: 'a real comment',
      later: 'written after',
    });
    expect(viewer.doc.getMap('cards').has('c1')).toBe(true);
  });
});
