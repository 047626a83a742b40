import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addKpi, readKpis, updateKpi } from './kpis.ts';
import { addLane, renameLane } from './lanes.ts';
import { addPersona, updatePersona } from './personas.ts';
import { readBoard } from './read.ts';
import { lanesMap, personasMap, stagesMap } from './schema.ts';
import { addStage, renameStage } from './stages.ts';
import { alice, bob, syncDocs } from './testing.ts';

describe('names and descriptions as shared text', () => {
  it('merges two people’s renames of one stage, lane and persona instead of keeping the last', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()];
    const stage = addStage(a, { name: 'Checkout' }, alice);
    const lane = addLane(a, { name: 'Actions', kind: 'actions' }, alice);
    const persona = addPersona(a, { name: 'Ana', description: 'Pays by card' }, alice);
    syncDocs(a, b);
    renameStage(a, stage, 'Checkout and pay', alice);
    renameStage(b, stage, 'Mobile Checkout', bob);
    renameLane(a, lane, 'Actions taken', alice);
    renameLane(b, lane, 'User Actions', bob);
    updatePersona(a, persona, { description: 'Pays by card, daily' }, alice);
    updatePersona(b, persona, { description: 'Often Pays by card' }, bob);
    syncDocs(a, b);
    for (const doc of [a, b]) {
      const board = readBoard(doc);
      expect(board.stages[0]?.name).toBe('Mobile Checkout and pay');
      expect(board.lanes[0]?.name).toBe('User Actions taken');
      expect(board.personas[0]?.description).toBe('Often Pays by card, daily');
    }
  });

  it('reads names stored as plain strings and turns each into shared text on its first edit', () => {
    const doc = new Y.Doc();
    const stage = addStage(doc, { name: 'x' }, alice);
    const lane = addLane(doc, { name: 'x', kind: 'actions' }, alice);
    const persona = addPersona(doc, { name: 'x' }, alice);
    // As a board from before names were shared text stored them.
    stagesMap(doc).get(stage)?.set('name', 'Old stage');
    lanesMap(doc).get(lane)?.set('name', 'Old lane');
    personasMap(doc).get(persona)?.set('name', 'Old persona');
    personasMap(doc).get(persona)?.set('description', 'Old description');
    const before = readBoard(doc);
    expect(before.stages[0]?.name).toBe('Old stage');
    expect(before.lanes[0]?.name).toBe('Old lane');
    expect(before.personas[0]?.name).toBe('Old persona');
    expect(before.personas[0]?.description).toBe('Old description');

    renameStage(doc, stage, 'Old stage, renamed', alice);
    renameLane(doc, lane, 'Old lane, renamed', alice);
    updatePersona(doc, persona, { name: 'Old persona, renamed' }, alice);
    expect(stagesMap(doc).get(stage)?.get('name')).toBeInstanceOf(Y.Text);
    expect(lanesMap(doc).get(lane)?.get('name')).toBeInstanceOf(Y.Text);
    expect(personasMap(doc).get(persona)?.get('name')).toBeInstanceOf(Y.Text);
    // A field not in the patch stays as it was.
    expect(personasMap(doc).get(persona)?.get('description')).toBe('Old description');
    const after = readBoard(doc);
    expect(after.stages[0]?.name).toBe('Old stage, renamed');
    expect(after.lanes[0]?.name).toBe('Old lane, renamed');
    expect(after.personas[0]?.name).toBe('Old persona, renamed');
  });

  it('merges two people’s renames of one KPI', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()];
    const stage = addStage(a, { name: 'Pay' }, alice);
    const kpi = addKpi(a, { stageId: stage, name: 'Conversion' }, alice);
    syncDocs(a, b);
    updateKpi(a, kpi, { name: 'Conversion rate' }, alice);
    updateKpi(b, kpi, { name: 'Mobile Conversion' }, bob);
    syncDocs(a, b);
    expect(readKpis(a).map((k) => k.name)).toEqual(['Mobile Conversion rate']);
    expect(readKpis(b).map((k) => k.name)).toEqual(['Mobile Conversion rate']);
  });
});
