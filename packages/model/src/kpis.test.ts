import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DAY, T0, decisionBoard } from './decisions-testing.ts';
import { addKpi, deleteKpi, isKpiStale, readKpis, recordKpiValue, updateKpi } from './kpis.ts';
import { deleteStage } from './stages.ts';
import { alice, bob, syncDocs } from './testing.ts';

describe('KPIs', () => {
  it('adds a KPI to a stage with a first value, who set it and when', () => {
    const { doc, onboarding } = decisionBoard();
    const id = addKpi(
      doc,
      { stageId: onboarding, name: 'Activation rate', unit: '%', target: 60, value: 41 },
      alice,
      { now: T0 },
    );
    expect(readKpis(doc, { now: T0 })).toEqual([
      expect.objectContaining({
        id,
        stageId: onboarding,
        name: 'Activation rate',
        unit: '%',
        target: 60,
        current: 41,
        values: [{ value: 41, by: 'alice', at: T0 }],
        updatedAt: T0,
        stale: false,
      }),
    ]);
  });

  it('keeps the history of updates and shows the latest as current', () => {
    const { doc, onboarding } = decisionBoard();
    const id = addKpi(doc, { stageId: onboarding, name: 'NPS' }, alice, { now: T0 });
    recordKpiValue(doc, id, 12, alice, { now: T0 + DAY });
    recordKpiValue(doc, id, 18.5, bob, { now: T0 + 2 * DAY });
    const [kpi] = readKpis(doc, { now: T0 + 2 * DAY });
    expect(kpi?.current).toBe(18.5);
    expect(kpi?.values.map((v) => [v.value, v.by])).toEqual([
      [12, 'alice'],
      [18.5, 'bob'],
    ]);
  });

  it('flags a KPI not updated for 30 days as stale', () => {
    const { doc, onboarding } = decisionBoard();
    const id = addKpi(doc, { stageId: onboarding, name: 'NPS', value: 10 }, alice, { now: T0 });
    const stale = (now: number) => readKpis(doc, { now })[0]?.stale;
    expect(stale(T0 + 30 * DAY - 1)).toBe(false);
    expect(stale(T0 + 30 * DAY)).toBe(true);
    recordKpiValue(doc, id, 11, bob, { now: T0 + 31 * DAY });
    expect(stale(T0 + 31 * DAY)).toBe(false);
    expect(isKpiStale(T0, T0 + 29 * DAY)).toBe(false);
  });

  it('counts a KPI never updated from its creation', () => {
    const { doc, onboarding } = decisionBoard();
    addKpi(doc, { stageId: onboarding, name: 'Churn' }, alice, { now: T0 });
    expect(readKpis(doc, { now: T0 + 40 * DAY })[0]).toMatchObject({ current: null, stale: true });
  });

  it('refuses non-finite values and targets', () => {
    const { doc, onboarding } = decisionBoard();
    expect(() =>
      addKpi(doc, { stageId: onboarding, name: 'X', target: Number.NaN }, alice),
    ).toThrow(expect.objectContaining({ code: 'invalid-number' }));
    const id = addKpi(doc, { stageId: onboarding, name: 'X' }, alice);
    expect(() => recordKpiValue(doc, id, Infinity, alice)).toThrow(
      expect.objectContaining({ code: 'invalid-number' }),
    );
    expect(() => recordKpiValue(doc, id, '3' as unknown as number, alice)).toThrow(
      expect.objectContaining({ code: 'invalid-number' }),
    );
    expect(readKpis(doc)[0]?.values).toEqual([]);
  });

  it('edits name, unit and target, and deletes', () => {
    const { doc, onboarding } = decisionBoard();
    const id = addKpi(doc, { stageId: onboarding, name: 'X', target: 3 }, alice);
    updateKpi(doc, id, { name: 'Tickets per account', unit: '/mo', target: null }, alice);
    expect(readKpis(doc)[0]).toMatchObject({
      name: 'Tickets per account',
      unit: '/mo',
      target: null,
    });
    deleteKpi(doc, id, alice);
    expect(readKpis(doc)).toEqual([]);
  });

  it('hides KPIs of deleted stages and filters by stage', () => {
    const { doc, onboarding, activation } = decisionBoard();
    addKpi(doc, { stageId: onboarding, name: 'A' }, alice);
    addKpi(doc, { stageId: activation, name: 'B' }, alice);
    expect(readKpis(doc, { stageId: activation }).map((k) => k.name)).toEqual(['B']);
    deleteStage(doc, onboarding, alice);
    expect(readKpis(doc).map((k) => k.name)).toEqual(['B']);
  });

  it('merges values recorded concurrently on two peers', () => {
    const { doc, onboarding } = decisionBoard();
    const id = addKpi(doc, { stageId: onboarding, name: 'NPS' }, alice, { now: T0 });
    const other = new Y.Doc();
    syncDocs(doc, other);
    recordKpiValue(doc, id, 1, alice, { now: T0 + 2 });
    recordKpiValue(other, id, 2, bob, { now: T0 + 1 });
    syncDocs(doc, other);
    expect(readKpis(doc)[0]?.values.map((v) => v.value)).toEqual([2, 1]);
    expect(readKpis(other)).toEqual(readKpis(doc));
  });
});
