import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Limits } from '@journeyboard/protocol';
import { concurrentValues } from './test/crafted-updates.ts';
import { checkUpdate } from './update-limits.ts';
import { scanUpdate } from './update-scan.ts';

/** Every kind of content Yjs writes, as an honest client makes them. */
function richDoc(clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const text = doc.getText('story');
  text.insert(0, 'Hello wörld 🎉');
  text.format(0, 5, { bold: true });
  text.insertEmbed(3, { image: 'a.png' });
  const cards = doc.getMap('cards');
  const card = new Y.Map<unknown>();
  cards.set('c1', card);
  card.set('title', 'A card');
  card.set('tags', ['x', 1, null, { deep: true }]);
  card.set('blob', new Uint8Array([1, 2, 3]));
  cards.set('c1-later', 'overwritten');
  cards.set('c1-later', 'again');
  const list = doc.getArray('list');
  list.insert(0, [1, 2, 3]);
  list.delete(1, 1);
  list.insert(0, [0]);
  const xml = doc.getXmlFragment('xml');
  const element = new Y.XmlElement('p');
  xml.insert(0, [element, new Y.XmlText('text')]);
  element.setAttribute('class', 'c');
  doc.getMap('docs').set('sub', new Y.Doc());
  return doc;
}

describe('scanUpdate', () => {
  it('reads every content type and counts what Y.decodeUpdate counts', () => {
    const update = Y.encodeStateAsUpdate(richDoc(7));
    const decoded = Y.decodeUpdate(update);
    const scan = scanUpdate(update, Limits);
    expect(scan.structs).toBe(decoded.structs.length);
    expect(scan.clients).toEqual([7]);
    let ranges = 0;
    for (const r of decoded.ds.clients.values()) ranges += r.length;
    expect(scan.deleteRanges).toBe(ranges);
    expect(scan.ends.get(7)).toBe(Y.getState(richDoc(7).store, 7));
  });

  it('throws on bytes that are not an update', () => {
    const update = Y.encodeStateAsUpdate(richDoc(7));
    expect(() => scanUpdate(update.subarray(0, update.length - 3), Limits)).toThrow();
    expect(() => scanUpdate(new Uint8Array([...update, 0]), Limits)).toThrow(/trailing/);
  });
});

describe('checkUpdate', () => {
  it('passes what honest clients send, alone and against the board', () => {
    const a = richDoc(7);
    const b = new Y.Doc();
    b.clientID = 9;
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const updates: Uint8Array[] = [];
    b.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 200; i++) b.getText('story').insert(i % 7, 'ab');
    b.getMap('cards').set('c1-later', 'from b');
    b.getArray('list').delete(0, 2);
    for (const update of updates) {
      expect(checkUpdate(update, a, Limits)).toMatchObject({ ok: true, work: 0 });
      Y.applyUpdate(a, update);
    }
    expect(checkUpdate(Y.encodeStateAsUpdate(a), null, Limits).ok).toBe(true);
  });

  it('passes values two people set on one key at the same time', () => {
    const board = new Y.Doc();
    const [first, second] = [3, 4].map((clientID) => {
      const doc = new Y.Doc();
      doc.clientID = clientID;
      doc.getMap('cards').set('title', `from ${clientID}`);
      return Y.encodeStateAsUpdate(doc);
    });
    Y.applyUpdate(board, first!);
    expect(checkUpdate(second!, board, Limits)).toMatchObject({ ok: true, work: 1 });
  });

  it('names the bound an update breaks', () => {
    const limits = { ...Limits, maxUpdateClients: 10 };
    expect(checkUpdate(concurrentValues({ root: 'c', key: 'x', count: 11 }), null, limits)).toEqual(
      {
        ok: false,
        rule: 'size',
        reason: 'more than 10 client ids in one update',
      },
    );
    expect(
      checkUpdate(
        concurrentValues({ root: 'c', key: 'x', count: 3, ascending: true }),
        null,
        Limits,
      ),
    ).toEqual({
      ok: false,
      rule: 'order',
      reason: 'update clients out of order (not a Yjs encoding)',
    });
    expect(checkUpdate(new Uint8Array([5, 1]), null, Limits)).toMatchObject({ rule: 'malformed' });
  });
});
