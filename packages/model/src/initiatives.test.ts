import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deleteCard } from './cards.ts';
import { decisionsUndoScope } from './decisions-schema.ts';
import { DAY, T0, carol, decisionBoard } from './decisions-testing.ts';
import { isModelError } from './errors.ts';
import {
  createInitiative,
  initiativeFromCard,
  linkInitiativeCard,
  readInitiatives,
  setInitiativeStatus,
  updateInitiative,
} from './initiatives.ts';
import { addKpi } from './kpis.ts';
import { alice, bob, syncDocs } from './testing.ts';

function only(doc: Y.Doc) {
  const [initiative] = readInitiatives(doc);
  if (!initiative) throw new Error('no initiative');
  return initiative;
}

describe('initiatives', () => {
  it('turns a friction card into a proposed initiative crediting whoever raised it', () => {
    const { doc, slowSetup, onboarding } = decisionBoard();
    const id = initiativeFromCard(doc, slowSetup, { impact: 5, effort: 2 }, alice, { now: T0 });
    expect(only(doc)).toEqual({
      id,
      title: 'Setup takes two weeks',
      ownerId: 'alice',
      stageId: onboarding,
      kpiId: null,
      impact: 5,
      effort: 2,
      status: 'proposed',
      cardIds: [slowSetup],
      raisedBy: ['bob'],
      learnt: '',
      history: [{ by: 'alice', at: T0, from: null, to: 'proposed', reason: '' }],
      createdBy: 'alice',
      createdAt: T0,
    });
  });

  it('links the stage KPI it should move and an owner', () => {
    const { doc, slowSetup, onboarding } = decisionBoard();
    const kpi = addKpi(
      doc,
      { stageId: onboarding, name: 'Time to first value', unit: 'days' },
      alice,
    );
    initiativeFromCard(doc, slowSetup, { kpiId: kpi, ownerId: 'carol' }, alice);
    expect(only(doc)).toMatchObject({ kpiId: kpi, ownerId: 'carol' });
  });

  it('refuses cards that are not friction, unknown KPIs and ratings outside 1..5', () => {
    const { doc, idea, slowSetup } = decisionBoard();
    const attempt = (fn: () => unknown, code: Parameters<typeof isModelError>[1]) => {
      try {
        fn();
        return 'no error';
      } catch (error) {
        return isModelError(error, code) ? code : String(error);
      }
    };
    expect(attempt(() => initiativeFromCard(doc, idea, {}, alice), 'wrong-lane-kind')).toBe(
      'wrong-lane-kind',
    );
    expect(
      attempt(() => initiativeFromCard(doc, slowSetup, { kpiId: 'nope' }, alice), 'unknown-kpi'),
    ).toBe('unknown-kpi');
    expect(
      attempt(() => initiativeFromCard(doc, slowSetup, { impact: 6 }, alice), 'invalid-number'),
    ).toBe('invalid-number');
    expect(
      attempt(() => createInitiative(doc, { title: ' ', ownerId: 'alice' }, alice), 'invalid-text'),
    ).toBe('invalid-text');
    expect(readInitiatives(doc)).toEqual([]);
  });

  it('refuses to stop without a reason and changes nothing', () => {
    const { doc, slowSetup } = decisionBoard();
    const id = initiativeFromCard(doc, slowSetup, {}, alice);
    for (const reason of [undefined, '', '   ']) {
      expect(() => setInitiativeStatus(doc, id, 'stopped', alice, { reason })).toThrow(
        expect.objectContaining({ code: 'reason-required' }),
      );
    }
    expect(only(doc).status).toBe('proposed');
    expect(only(doc).history).toHaveLength(1);
  });

  it('keeps who, when, from, to and why of every status change', () => {
    const { doc, slowSetup } = decisionBoard();
    const id = initiativeFromCard(doc, slowSetup, {}, alice, { now: T0 });
    setInitiativeStatus(doc, id, 'active', bob, { now: T0 + DAY });
    setInitiativeStatus(doc, id, 'stopped', carol, {
      now: T0 + 2 * DAY,
      reason: '  SSO vendor fixed it upstream ',
    });
    updateInitiative(doc, id, { learnt: 'Check vendor roadmaps first' }, carol);
    const initiative = only(doc);
    expect(initiative.status).toBe('stopped');
    expect(initiative.learnt).toBe('Check vendor roadmaps first');
    expect(initiative.history).toEqual([
      { by: 'alice', at: T0, from: null, to: 'proposed', reason: '' },
      { by: 'bob', at: T0 + DAY, from: 'proposed', to: 'active', reason: '' },
      {
        by: 'carol',
        at: T0 + 2 * DAY,
        from: 'active',
        to: 'stopped',
        reason: 'SSO vendor fixed it upstream',
      },
    ]);
  });

  it('refuses an unknown status or no change', () => {
    const { doc, slowSetup } = decisionBoard();
    const id = initiativeFromCard(doc, slowSetup, {}, alice);
    expect(() => setInitiativeStatus(doc, id, 'paused' as 'done', alice)).toThrow(
      expect.objectContaining({ code: 'invalid-status' }),
    );
    expect(() => setInitiativeStatus(doc, id, 'proposed', alice)).toThrow(
      expect.objectContaining({ code: 'invalid-status' }),
    );
  });

  it('keeps both entries when two people change the status at once', () => {
    const { doc, slowSetup } = decisionBoard();
    const id = initiativeFromCard(doc, slowSetup, {}, alice, { now: T0 });
    const other = new Y.Doc();
    syncDocs(doc, other);
    setInitiativeStatus(doc, id, 'done', alice, { now: T0 + 2 });
    setInitiativeStatus(other, id, 'stopped', bob, { now: T0 + 1, reason: 'No budget' });
    syncDocs(doc, other);
    expect(only(doc)).toEqual(only(other));
    expect(only(doc).history.map((change) => change.to)).toEqual(['proposed', 'stopped', 'done']);
  });

  it('credits the authors of cards linked later, even after the card is deleted', () => {
    const { doc, slowSetup, noGuide } = decisionBoard();
    const id = initiativeFromCard(doc, slowSetup, {}, alice);
    linkInitiativeCard(doc, id, noGuide, alice);
    deleteCard(doc, noGuide, alice);
    expect(only(doc)).toMatchObject({ cardIds: [slowSetup], raisedBy: ['bob', 'carol'] });
  });

  it('undoes only the acting user’s decision writes', () => {
    const { doc, slowSetup } = decisionBoard();
    const undo = new Y.UndoManager([...decisionsUndoScope(doc)], {
      trackedOrigins: new Set([alice]),
      captureTimeout: 0,
    });
    const id = initiativeFromCard(doc, slowSetup, {}, bob);
    setInitiativeStatus(doc, id, 'active', alice);
    updateInitiative(doc, id, { title: 'Bob renames' }, bob);
    undo.undo();
    expect(only(doc)).toMatchObject({ status: 'proposed', title: 'Bob renames' });
    expect(only(doc).history).toHaveLength(1);
    undo.destroy();
  });
});
