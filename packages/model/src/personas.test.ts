import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard } from './cards.ts';
import { addLane } from './lanes.ts';
import { addPersona, deletePersona, updatePersona } from './personas.ts';
import { readBoard } from './read.ts';
import { addStage } from './stages.ts';
import { alice, anyString, bob, recordTransactions, syncDocs } from './testing.ts';

describe('personas', () => {
  it('adds a persona with name, description and colour', () => {
    const doc = new Y.Doc();
    const id = addPersona(
      doc,
      { name: 'Sam', description: 'Small shop owner', colour: '#AABBCC' },
      alice,
    );
    expect(readBoard(doc).personas).toEqual([
      {
        id,
        name: 'Sam',
        description: 'Small shop owner',
        colour: '#aabbcc',
        order: anyString,
      },
    ]);
  });

  it('picks a colour when none is given and keeps creation order', () => {
    const doc = new Y.Doc();
    addPersona(doc, { name: 'Sam' }, alice);
    addPersona(doc, { name: 'Kim' }, alice);
    const personas = readBoard(doc).personas;
    expect(personas.map((p) => p.name)).toEqual(['Sam', 'Kim']);
    expect(personas[0]?.colour).toMatch(/^#[0-9a-f]{6}$/);
    expect(personas[0]?.colour).not.toBe(personas[1]?.colour);
  });

  it('writes in exactly one transaction with the actor as origin', () => {
    const doc = new Y.Doc();
    const record = recordTransactions(doc);
    addPersona(doc, { name: 'Sam' }, bob);
    expect(record.origins).toEqual([bob]);
  });

  it('refuses a malformed colour', () => {
    const doc = new Y.Doc();
    expect(() => addPersona(doc, { name: 'Sam', colour: 'red' }, alice)).toThrow(
      expect.objectContaining({ code: 'invalid-colour' }),
    );
  });

  it('merges concurrent updates of different fields', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const id = addPersona(a, { name: 'Sam' }, alice);
    syncDocs(a, b);
    updatePersona(a, id, { name: 'Samira' }, alice);
    updatePersona(b, id, { description: 'Runs a bakery' }, bob);
    syncDocs(a, b);
    expect(readBoard(a).personas[0]).toMatchObject({
      name: 'Samira',
      description: 'Runs a bakery',
    });
  });

  it('deletes a persona and untags its cards', () => {
    const doc = new Y.Doc();
    const stage = addStage(doc, { name: 'S' }, alice);
    const lane = addLane(doc, { name: 'L', kind: 'actions' }, alice);
    const id = addPersona(doc, { name: 'Sam' }, alice);
    addCard(doc, { laneId: lane, stageId: stage, personaIds: [id] }, alice);
    deletePersona(doc, id, alice);
    expect(readBoard(doc).personas).toEqual([]);
    expect(readBoard(doc).cards[0]?.personaIds).toEqual([]);
  });

  it('ignores a tag added concurrently with the deletion of its persona', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const stage = addStage(a, { name: 'S' }, alice);
    const lane = addLane(a, { name: 'L', kind: 'actions' }, alice);
    const id = addPersona(a, { name: 'Sam' }, alice);
    const card = addCard(a, { laneId: lane, stageId: stage }, alice);
    syncDocs(a, b);
    deletePersona(a, id, alice);
    addCard(b, { laneId: lane, stageId: stage, personaIds: [id] }, bob);
    b.getMap<Y.Map<Y.Map<unknown>>>('cards').get(card)?.get('personas')?.set(id, true);
    syncDocs(a, b);
    expect(readBoard(a).cards.map((c) => c.personaIds)).toEqual([[], []]);
  });

  it('refuses an unknown persona', () => {
    const doc = new Y.Doc();
    expect(() => updatePersona(doc, 'nope', { name: 'X' }, alice)).toThrow(
      expect.objectContaining({ code: 'unknown-persona' }),
    );
  });
});
