import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard } from './cards.ts';
import { addLane } from './lanes.ts';
import { addPersona } from './personas.ts';
import { cardsInCell, cellKey, filterCards, groupCardsByCell, readBoard } from './read.ts';
import { addStage } from './stages.ts';
import { applyTemplate } from './templates.ts';
import { alice } from './testing.ts';

describe('readBoard', () => {
  it('reads an empty doc as an empty board', () => {
    expect(readBoard(new Y.Doc())).toEqual({
      title: '',
      mission: '',
      stages: [],
      lanes: [],
      cards: [],
      personas: [],
    });
  });

  it('returns frozen plain objects', () => {
    const doc = new Y.Doc();
    applyTemplate(doc, 'starter', alice);
    const board = readBoard(doc);
    expect(Object.isFrozen(board)).toBe(true);
    expect(Object.isFrozen(board.stages)).toBe(true);
    expect(Object.isFrozen(board.lanes[0])).toBe(true);
    expect(JSON.parse(JSON.stringify(board))).toEqual(board);
  });

  it('returns a new snapshot that later writes do not change', () => {
    const doc = new Y.Doc();
    const before = readBoard(doc);
    addStage(doc, { name: 'A' }, alice);
    expect(before.stages).toEqual([]);
  });
});

describe('cardsInCell', () => {
  it('gives the cards of one cell sorted by order', () => {
    const doc = new Y.Doc();
    const s = addStage(doc, { name: 'S' }, alice);
    const t = addStage(doc, { name: 'T' }, alice);
    const l = addLane(doc, { name: 'L', kind: 'actions' }, alice);
    addCard(doc, { laneId: l, stageId: s, text: '2' }, alice);
    addCard(doc, { laneId: l, stageId: t, text: 'other cell' }, alice);
    addCard(doc, { laneId: l, stageId: s, text: '1', index: 0 }, alice);
    expect(cardsInCell(readBoard(doc), l, s).map((card) => card.text)).toEqual(['1', '2']);
  });

  it('sorts cards with the same order key by id', () => {
    const doc = new Y.Doc();
    const s = addStage(doc, { name: 'S' }, alice);
    const l = addLane(doc, { name: 'L', kind: 'actions' }, alice);
    for (const id of ['zz', 'aa', 'mm']) {
      addCard(doc, { id, laneId: l, stageId: s }, alice);
      doc
        .getMap<Y.Map<unknown>>('cards')
        .get(id)
        ?.set('place', { laneId: l, stageId: s, order: 'a0' });
    }
    expect(cardsInCell(readBoard(doc), l, s).map((card) => card.id)).toEqual(['aa', 'mm', 'zz']);
  });

  it('filters by persona', () => {
    const doc = new Y.Doc();
    const s = addStage(doc, { name: 'S' }, alice);
    const l = addLane(doc, { name: 'L', kind: 'actions' }, alice);
    const sam = addPersona(doc, { name: 'Sam' }, alice);
    const kim = addPersona(doc, { name: 'Kim' }, alice);
    addCard(doc, { laneId: l, stageId: s, text: 'sam', personaIds: [sam] }, alice);
    addCard(doc, { laneId: l, stageId: s, text: 'kim', personaIds: [kim] }, alice);
    addCard(doc, { laneId: l, stageId: s, text: 'nobody' }, alice);
    const board = readBoard(doc);
    expect(cardsInCell(board, l, s, { personaIds: [sam] }).map((c) => c.text)).toEqual(['sam']);
    expect(filterCards(board, { personaIds: [sam, kim] }).map((c) => c.text)).toEqual([
      'sam',
      'kim',
    ]);
    expect(filterCards(board, { personaIds: [] })).toHaveLength(3);
  });

  it('groups cards by cell in one pass', () => {
    const doc = new Y.Doc();
    const s = addStage(doc, { name: 'S' }, alice);
    const l = addLane(doc, { name: 'L', kind: 'actions' }, alice);
    const m = addLane(doc, { name: 'M', kind: 'actions' }, alice);
    addCard(doc, { laneId: l, stageId: s, text: 'b' }, alice);
    addCard(doc, { laneId: m, stageId: s, text: 'm' }, alice);
    addCard(doc, { laneId: l, stageId: s, text: 'a', index: 0 }, alice);
    const cells = groupCardsByCell(readBoard(doc));
    expect(cells.get(cellKey(l, s))?.map((card) => card.text)).toEqual(['a', 'b']);
    expect(cells.get(cellKey(m, s))?.map((card) => card.text)).toEqual(['m']);
    expect(cells.size).toBe(2);
  });
});
