import * as Y from 'yjs';

/**
 * An editor's large honest write, as one update: `cards` new cards, each a map with a
 * text, a place and a few plain fields (about 7 structs a card), from one client. What a
 * long offline session or a CSV import of stories sends.
 */
export function manyNewCards(cards: number, clientID = 424242): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const root = doc.getMap('cards');
  doc.transact(() => {
    for (let i = 0; i < cards; i++) {
      const card = new Y.Map<unknown>();
      root.set(`card${String(i).padStart(6, '0')}`, card);
      card.set('place', { laneId: 'lane1', stageId: 'stage1', order: `a${i}` });
      card.set('text', new Y.Text(`offline card ${i}`));
      card.set('author', 'editor');
      card.set('createdAt', 1_700_000_000_000 + i);
      card.set('personas', new Y.Map());
    }
  });
  return Y.encodeStateAsUpdate(doc);
}
