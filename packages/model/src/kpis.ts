import * as Y from 'yjs';
import { arrayField, kpisMap, recordsOf } from './decisions-schema.ts';
import type { Kpi, KpiValue } from './decisions-types.ts';
import { timeOf, type ClockOptions } from './clock.ts';
import { DECISION_LIMITS, checkNumber } from './decisions-validate.ts';
import { newIdFor } from './random.ts';
import {
  labelField,
  numberField,
  orderOf,
  setLabel,
  stagesMap,
  stringField,
  type Entity,
  eachEntity,
} from './schema.ts';
import { orderInMap } from './siblings.ts';
import type { Actor } from './types.ts';
import { LIMITS, checkLabel, checkText, mustExist, write } from './validate.ts';

/** A KPI nobody has updated for this many days is flagged as stale. */
export const KPI_STALE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface KpiInput {
  stageId: string;
  name: string;
  unit?: string;
  target?: number | null;
  /** A first value, recorded like any update. */
  value?: number | null;
}

export interface KpiPatch {
  name?: string;
  unit?: string;
  target?: number | null;
}

function kpiEntity(doc: Y.Doc, id: string): Entity {
  return mustExist(kpisMap(doc).get(id), 'unknown-kpi', id);
}

function checkUnit(value: unknown): string {
  return checkText(value ?? '', 'unit', DECISION_LIMITS.unit).trim();
}

function checkTarget(value: unknown): number | null {
  return value === null || value === undefined ? null : checkNumber(value, 'target');
}

export function addKpi(doc: Y.Doc, input: KpiInput, actor: Actor, options?: ClockOptions): string {
  mustExist(stagesMap(doc).get(input.stageId), 'unknown-stage', input.stageId);
  const name = checkLabel(input.name, 'KPI name', LIMITS.name);
  const unit = checkUnit(input.unit);
  const target = checkTarget(input.target);
  const first =
    input.value === null || input.value === undefined ? null : checkNumber(input.value, 'value');
  const at = timeOf(options);
  const id = newIdFor(doc);
  return write(doc, actor, () => {
    const entity: Entity = new Y.Map();
    entity.set('stageId', input.stageId);
    entity.set('name', new Y.Text(name));
    entity.set('unit', unit);
    if (target !== null) entity.set('target', target);
    entity.set('order', orderInMap(doc, kpisMap(doc), null, undefined));
    const values = new Y.Array<KpiValue>();
    if (first !== null) values.push([{ value: first, by: actor.userId, at }]);
    entity.set('values', values);
    entity.set('createdBy', actor.userId);
    entity.set('createdAt', at);
    kpisMap(doc).set(id, entity);
    return id;
  });
}

/** Renames, changes the unit, sets or clears (null) the target. */
export function updateKpi(doc: Y.Doc, id: string, patch: KpiPatch, actor: Actor): void {
  const entity = kpiEntity(doc, id);
  const name =
    patch.name === undefined ? undefined : checkLabel(patch.name, 'KPI name', LIMITS.name);
  const unit = patch.unit === undefined ? undefined : checkUnit(patch.unit);
  const target = patch.target === undefined ? undefined : checkTarget(patch.target);
  write(doc, actor, () => {
    if (name !== undefined) setLabel(entity, 'name', name);
    if (unit !== undefined) entity.set('unit', unit);
    if (target === null) entity.delete('target');
    else if (target !== undefined) entity.set('target', target);
  });
}

/** Records the KPI's current value: who and when go into its history. */
export function recordKpiValue(
  doc: Y.Doc,
  id: string,
  value: number,
  actor: Actor,
  options?: ClockOptions,
): void {
  const entity = kpiEntity(doc, id);
  const checked = checkNumber(value, 'value');
  const at = timeOf(options);
  write(doc, actor, () => {
    let values = arrayField(entity, 'values');
    if (!values) {
      values = new Y.Array();
      entity.set('values', values);
    }
    values.push([{ value: checked, by: actor.userId, at }]);
    // Bounded: a KPI updated daily for years should not grow the document without end.
    const excess = values.length - DECISION_LIMITS.kpiValues;
    if (excess > 0) values.delete(0, excess);
  });
}

export function deleteKpi(doc: Y.Doc, id: string, actor: Actor): void {
  kpiEntity(doc, id);
  write(doc, actor, () => kpisMap(doc).delete(id));
}

function valuesOf(entity: Entity): KpiValue[] {
  const values: KpiValue[] = [];
  for (const { value, by, at } of recordsOf(arrayField(entity, 'values'))) {
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    if (typeof by !== 'string' || typeof at !== 'number') continue;
    values.push({ value, by, at });
  }
  return values.sort((a, b) => a.at - b.at);
}

export interface ReadKpisOptions {
  /** The clock staleness is judged by; default: now. */
  now?: number;
  /** Only this stage's KPIs. */
  stageId?: string;
}

/** Whether a KPI last updated at `updatedAt` is stale at `now`. */
export function isKpiStale(updatedAt: number, now: number): boolean {
  return now - updatedAt >= KPI_STALE_DAYS * DAY_MS;
}

/** KPIs of live stages, by (order, id), each with its history, current value and flag. */
export function readKpis(doc: Y.Doc, options: ReadKpisOptions = {}): Kpi[] {
  const now = timeOf(options);
  const stages = stagesMap(doc);
  const list: Kpi[] = [];
  eachEntity(kpisMap(doc), (entity, id) => {
    const stageId = stringField(entity, 'stageId');
    if (stageId === null || !stages.has(stageId)) return;
    if (options.stageId !== undefined && stageId !== options.stageId) return;
    const values = valuesOf(entity);
    const createdAt = numberField(entity, 'createdAt') ?? 0;
    const last = values[values.length - 1];
    const updatedAt = last ? Math.max(last.at, createdAt) : createdAt;
    list.push({
      id,
      stageId,
      name: labelField(entity, 'name') ?? '',
      unit: stringField(entity, 'unit') ?? '',
      target: numberField(entity, 'target'),
      order: orderOf(entity),
      values,
      current: last ? last.value : null,
      updatedAt,
      stale: isKpiStale(updatedAt, now),
      createdBy: stringField(entity, 'createdBy') ?? '',
      createdAt,
    });
  });
  return list.sort((a, b) =>
    a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : 1,
  );
}
