import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  deleteCard,
  getCardText,
  moveCard,
  setCardFields,
  setCardPersonas,
  setCardText,
  tagCardPersona,
  untagCardPersona,
} from './cards.ts';
import { addLane } from './lanes.ts';
import { addPersona } from './personas.ts';
import { cardsInCell, readBoard } from './read.ts';
import { addStage } from './stages.ts';
import { alice, anyNumber, anyString, bob, recordTransactions, syncDocs } from './testing.ts';

let doc: Y.Doc;
let stage: string;
let other: string;
let lane: string;

beforeEach(() => {
  doc = new Y.Doc();
  stage = addStage(doc, { name: 'Awareness' }, alice);
  other = addStage(doc, { name: 'Onboarding' }, alice);
  lane = addLane(doc, { name: 'Actions', kind: 'actions' }, alice);
});

function cellTexts(laneId = lane, stageId = stage): string[] {
  return cardsInCell(readBoard(doc), laneId, stageId).map((card) => card.text);
}

describe('addCard', () => {
  it('creates a card with text, author and creation time', () => {
    const before = Date.now();
    const id = addCard(doc, { laneId: lane, stageId: stage, text: 'Sees an ad' }, alice);
    expect(readBoard(doc).cards).toEqual([
      {
        id,
        laneId: lane,
        stageId: stage,
        order: anyString,
        text: 'Sees an ad',
        author: 'alice',
        createdAt: anyNumber,
        personaIds: [],
        score: null,
        severity: null,
        department: null,
        channel: null,
        icon: null,
      },
    ]);
    expect(readBoard(doc).cards[0]?.createdAt).toBeGreaterThanOrEqual(before);
  });

  it('appends by default and inserts at an index', () => {
    addCard(doc, { laneId: lane, stageId: stage, text: 'a' }, alice);
    addCard(doc, { laneId: lane, stageId: stage, text: 'c' }, alice);
    addCard(doc, { laneId: lane, stageId: stage, text: 'b', index: 1 }, alice);
    expect(cellTexts()).toEqual(['a', 'b', 'c']);
  });

  it('writes in exactly one transaction with the actor as origin', () => {
    const record = recordTransactions(doc);
    addCard(doc, { laneId: lane, stageId: stage, fields: {}, personaIds: [] }, bob);
    expect(record.origins).toEqual([bob]);
  });

  it('refuses an unknown lane or stage without writing', () => {
    const record = recordTransactions(doc);
    expect(() => addCard(doc, { laneId: 'nope', stageId: stage }, alice)).toThrow(
      expect.objectContaining({ code: 'unknown-lane' }),
    );
    expect(() => addCard(doc, { laneId: lane, stageId: 'nope' }, alice)).toThrow(
      expect.objectContaining({ code: 'unknown-stage' }),
    );
    expect(record.origins).toEqual([]);
  });

  it('refuses text over the limit', () => {
    expect(() =>
      addCard(doc, { laneId: lane, stageId: stage, text: 'x'.repeat(10_001) }, alice),
    ).toThrow(expect.objectContaining({ code: 'invalid-text' }));
  });
});

describe('moveCard', () => {
  it('moves a card to another cell at an index', () => {
    const target = addLane(doc, { name: 'Touchpoints', kind: 'touchpoints' }, alice);
    addCard(doc, { laneId: target, stageId: other, text: 'x' }, alice);
    addCard(doc, { laneId: target, stageId: other, text: 'z' }, alice);
    const id = addCard(doc, { laneId: lane, stageId: stage, text: 'y' }, alice);
    moveCard(doc, id, { laneId: target, stageId: other, index: 1 }, alice);
    expect(cellTexts()).toEqual([]);
    expect(cellTexts(target, other)).toEqual(['x', 'y', 'z']);
  });

  it('reorders within its cell when only an index is given', () => {
    const a = addCard(doc, { laneId: lane, stageId: stage, text: 'a' }, alice);
    addCard(doc, { laneId: lane, stageId: stage, text: 'b' }, alice);
    addCard(doc, { laneId: lane, stageId: stage, text: 'c' }, alice);
    moveCard(doc, a, { index: 2 }, alice);
    expect(cellTexts()).toEqual(['b', 'c', 'a']);
  });

  it('keeps text, author and fields when moving', () => {
    const id = addCard(doc, { laneId: lane, stageId: stage, text: 'keep me' }, bob);
    moveCard(doc, id, { stageId: other }, alice);
    expect(readBoard(doc).cards[0]).toMatchObject({
      text: 'keep me',
      author: 'bob',
      stageId: other,
    });
  });

  it('refuses an unknown card or target', () => {
    const id = addCard(doc, { laneId: lane, stageId: stage }, alice);
    expect(() => moveCard(doc, 'nope', {}, alice)).toThrow(
      expect.objectContaining({ code: 'unknown-card' }),
    );
    expect(() => moveCard(doc, id, { laneId: 'nope' }, alice)).toThrow(
      expect.objectContaining({ code: 'unknown-lane' }),
    );
  });

  it('resolves two concurrent moves of one card to one of them whole', () => {
    const b = new Y.Doc();
    const second = addLane(doc, { name: 'Second', kind: 'actions' }, alice);
    const id = addCard(doc, { laneId: lane, stageId: stage }, alice);
    syncDocs(doc, b);
    moveCard(doc, id, { laneId: second, stageId: stage }, alice);
    moveCard(b, id, { laneId: lane, stageId: other }, bob);
    syncDocs(doc, b);
    const card = readBoard(doc).cards[0];
    expect([`${second}/${stage}`, `${lane}/${other}`]).toContain(
      `${card?.laneId}/${card?.stageId}`,
    );
    expect(readBoard(b)).toEqual(readBoard(doc));
  });
});

describe('deleteCard', () => {
  it('deletes a card', () => {
    const id = addCard(doc, { laneId: lane, stageId: stage }, alice);
    deleteCard(doc, id, alice);
    expect(readBoard(doc).cards).toEqual([]);
  });

  it('refuses an unknown card', () => {
    expect(() => deleteCard(doc, 'nope', alice)).toThrow(
      expect.objectContaining({ code: 'unknown-card' }),
    );
  });
});

describe('setCardFields', () => {
  it('sets severity on a friction card and clears it with null', () => {
    const friction = addLane(doc, { name: 'Friction', kind: 'friction' }, alice);
    const id = addCard(doc, { laneId: friction, stageId: stage }, alice);
    setCardFields(doc, id, { severity: 'high' }, alice);
    expect(readBoard(doc).cards[0]?.severity).toBe('high');
    setCardFields(doc, id, { severity: null }, alice);
    expect(readBoard(doc).cards[0]?.severity).toBeNull();
  });

  it('rounds and clamps an emotion score to -3..+3', () => {
    const emotion = addLane(doc, { name: 'Feelings', kind: 'thoughts' }, alice);
    const id = addCard(doc, { laneId: emotion, stageId: stage, fields: { score: 9 } }, alice);
    expect(readBoard(doc).cards[0]?.score).toBe(3);
    setCardFields(doc, id, { score: -1.6 }, alice);
    expect(readBoard(doc).cards[0]?.score).toBe(-2);
  });

  it('refuses a score that is not a finite number', () => {
    const emotion = addLane(doc, { name: 'Feelings', kind: 'emotion' }, alice);
    const id = addCard(doc, { laneId: emotion, stageId: stage }, alice);
    expect(() => setCardFields(doc, id, { score: Number.NaN }, alice)).toThrow(
      expect.objectContaining({ code: 'invalid-score' }),
    );
  });

  it('sets department on backstage and channel and icon on touchpoints', () => {
    const backstage = addLane(doc, { name: 'Backstage', kind: 'backstage' }, alice);
    const touch = addLane(doc, { name: 'Touchpoints', kind: 'touchpoints' }, alice);
    const b = addCard(doc, { laneId: backstage, stageId: stage }, alice);
    const t = addCard(doc, { laneId: touch, stageId: stage }, alice);
    setCardFields(doc, b, { department: 'Support' }, alice);
    setCardFields(doc, t, { channel: 'Email', icon: 'mail' }, alice);
    const cards = readBoard(doc).cards;
    expect(cards.find((card) => card.id === b)?.department).toBe('Support');
    expect(cards.find((card) => card.id === t)).toMatchObject({ channel: 'Email', icon: 'mail' });
  });

  it('refuses a field the lane kind does not have', () => {
    const id = addCard(doc, { laneId: lane, stageId: stage }, alice);
    expect(() => setCardFields(doc, id, { severity: 'low' }, alice)).toThrow(
      expect.objectContaining({ code: 'field-not-allowed' }),
    );
  });

  it('refuses an unknown severity', () => {
    const friction = addLane(doc, { name: 'Friction', kind: 'friction' }, alice);
    const id = addCard(doc, { laneId: friction, stageId: stage }, alice);
    expect(() => setCardFields(doc, id, { severity: 'awful' as 'low' }, alice)).toThrow(
      expect.objectContaining({ code: 'invalid-field' }),
    );
  });

  it('shows only the fields of the current lane kind after a move, and restores them on return', () => {
    const friction = addLane(doc, { name: 'Friction', kind: 'friction' }, alice);
    const id = addCard(
      doc,
      { laneId: friction, stageId: stage, fields: { severity: 'critical' } },
      alice,
    );
    moveCard(doc, id, { laneId: lane }, alice);
    expect(readBoard(doc).cards[0]?.severity).toBeNull();
    moveCard(doc, id, { laneId: friction }, alice);
    expect(readBoard(doc).cards[0]?.severity).toBe('critical');
  });
});

describe('card text', () => {
  it('gives the Y.Text an editor binds to', () => {
    const id = addCard(doc, { laneId: lane, stageId: stage, text: 'Hello' }, alice);
    const text = getCardText(doc, id);
    expect(text).toBeInstanceOf(Y.Text);
    doc.transact(() => text.insert(5, ' world'), alice);
    expect(readBoard(doc).cards[0]?.text).toBe('Hello world');
  });

  it('merges two people typing in the same card', () => {
    const b = new Y.Doc();
    const id = addCard(doc, { laneId: lane, stageId: stage, text: 'pay' }, alice);
    syncDocs(doc, b);
    getCardText(doc, id).insert(0, 'Try to ');
    getCardText(b, id).insert(3, ' online');
    syncDocs(doc, b);
    expect(readBoard(doc).cards[0]?.text).toBe('Try to pay online');
    expect(readBoard(b).cards[0]?.text).toBe('Try to pay online');
  });

  it('replaces the text with setCardText', () => {
    const id = addCard(doc, { laneId: lane, stageId: stage, text: 'old' }, alice);
    setCardText(doc, id, 'new text', alice);
    expect(readBoard(doc).cards[0]?.text).toBe('new text');
  });

  it('throws for an unknown card', () => {
    expect(() => getCardText(doc, 'nope')).toThrow(
      expect.objectContaining({ code: 'unknown-card' }),
    );
  });
});

describe('persona tags', () => {
  it('tags and untags a card', () => {
    const p = addPersona(doc, { name: 'Sam' }, alice);
    const id = addCard(doc, { laneId: lane, stageId: stage, personaIds: [p] }, alice);
    expect(readBoard(doc).cards[0]?.personaIds).toEqual([p]);
    untagCardPersona(doc, id, p, alice);
    expect(readBoard(doc).cards[0]?.personaIds).toEqual([]);
    tagCardPersona(doc, id, p, alice);
    expect(readBoard(doc).cards[0]?.personaIds).toEqual([p]);
  });

  it('merges concurrent tagging through setCardPersonas', () => {
    const b = new Y.Doc();
    const p = addPersona(doc, { name: 'Sam' }, alice);
    const q = addPersona(doc, { name: 'Kim' }, alice);
    const id = addCard(doc, { laneId: lane, stageId: stage }, alice);
    syncDocs(doc, b);
    setCardPersonas(doc, id, [p], alice);
    setCardPersonas(b, id, [q], bob);
    syncDocs(doc, b);
    expect(readBoard(doc).cards[0]?.personaIds).toEqual([p, q].sort());
  });

  it('refuses an unknown persona', () => {
    const id = addCard(doc, { laneId: lane, stageId: stage }, alice);
    expect(() => tagCardPersona(doc, id, 'nope', alice)).toThrow(
      expect.objectContaining({ code: 'unknown-persona' }),
    );
  });
});
