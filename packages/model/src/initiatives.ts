import * as Y from 'yjs';
import { arrayField, initiativesMap, kpisMap, recordsOf } from './decisions-schema.ts';
import {
  INITIATIVE_STATUSES,
  type Initiative,
  type InitiativeStatus,
  type StatusChange,
} from './decisions-types.ts';
import { DECISION_LIMITS, checkNote, checkRating, checkUserId } from './decisions-validate.ts';
import { timeOf, type ClockOptions } from './clock.ts';
import { ModelError } from './errors.ts';
import { newIdFor } from './random.ts';
import {
  cardsMap,
  lanesMap,
  mapField,
  numberField,
  placeOf,
  stagesMap,
  stringField,
  textField,
  type Entity,
  eachEntity,
} from './schema.ts';
import type { Actor } from './types.ts';
import { LIMITS, checkLabel, mustExist, write } from './validate.ts';

export interface InitiativeInput {
  title: string;
  ownerId: string;
  /** Friction cards it addresses; the first one's stage is the default stage. */
  cardIds?: readonly string[];
  stageId?: string;
  kpiId?: string | null;
  /** 1..5, default 3. */
  impact?: number;
  /** 1..5, default 3. */
  effort?: number;
}

export interface InitiativePatch {
  title?: string;
  ownerId?: string;
  kpiId?: string | null;
  impact?: number;
  effort?: number;
  learnt?: string;
}

export interface StatusOptions extends ClockOptions {
  /** Required when stopping: why, kept in the history. */
  reason?: string;
}

const DEFAULT_RATING = 3;

export function isInitiativeStatus(value: unknown): value is InitiativeStatus {
  return typeof value === 'string' && (INITIATIVE_STATUSES as readonly string[]).includes(value);
}

function initiativeEntity(doc: Y.Doc, id: string): Entity {
  return mustExist(initiativesMap(doc).get(id), 'unknown-initiative', id);
}

/** Friction cards only: an initiative answers friction, and credits whoever raised it. */
function checkFrictionCards(doc: Y.Doc, ids: readonly string[]): Entity[] {
  const list: readonly unknown[] = Array.isArray(ids) ? ids : [];
  if (list.length !== ids.length || list.length > DECISION_LIMITS.cards) {
    throw new ModelError('invalid-field', `a list of at most ${DECISION_LIMITS.cards} cards`);
  }
  return [...new Set(list)].map((id) => {
    if (typeof id !== 'string') throw new ModelError('invalid-id', 'card ids are text');
    const card = mustExist(cardsMap(doc).get(id), 'unknown-card', id);
    const place = placeOf(card);
    const lane = place ? lanesMap(doc).get(place.laneId) : undefined;
    if (!lane || stringField(lane, 'kind') !== 'friction') {
      throw new ModelError('wrong-lane-kind', `card ${id} is not a friction card`);
    }
    return card;
  });
}

function checkKpi(doc: Y.Doc, kpiId: string | null | undefined): string | null {
  if (kpiId === undefined || kpiId === null) return null;
  mustExist(kpisMap(doc).get(kpiId), 'unknown-kpi', kpiId);
  return kpiId;
}

function authorsOf(cards: readonly Entity[]): string[] {
  const authors = cards.map((card) => stringField(card, 'author')).filter((a) => a !== null);
  return [...new Set(authors)].sort();
}

export function createInitiative(
  doc: Y.Doc,
  input: InitiativeInput,
  actor: Actor,
  options?: ClockOptions,
): string {
  const title = checkLabel(input.title, 'initiative title', LIMITS.title);
  const ownerId = checkUserId(input.ownerId, 'owner id');
  const cards = checkFrictionCards(doc, input.cardIds ?? []);
  const stageId = input.stageId ?? (cards[0] ? placeOf(cards[0])?.stageId : undefined) ?? null;
  if (stageId !== null) mustExist(stagesMap(doc).get(stageId), 'unknown-stage', stageId);
  const kpiId = checkKpi(doc, input.kpiId);
  const impact = checkRating(input.impact ?? DEFAULT_RATING, 'impact');
  const effort = checkRating(input.effort ?? DEFAULT_RATING, 'effort');
  const at = timeOf(options);
  const id = newIdFor(doc);
  return write(doc, actor, () => {
    const entity: Entity = new Y.Map();
    entity.set('title', title);
    entity.set('ownerId', ownerId);
    if (stageId !== null) entity.set('stageId', stageId);
    if (kpiId !== null) entity.set('kpiId', kpiId);
    entity.set('impact', impact);
    entity.set('effort', effort);
    entity.set('status', 'proposed');
    const linked = new Y.Map<true>();
    for (const cardId of new Set(input.cardIds ?? [])) linked.set(cardId, true);
    entity.set('cards', linked);
    entity.set('raisedBy', authorsOf(cards));
    entity.set('learnt', '');
    const change: StatusChange = { by: actor.userId, at, from: null, to: 'proposed', reason: '' };
    entity.set('history', Y.Array.from([change]));
    entity.set('createdBy', actor.userId);
    entity.set('createdAt', at);
    initiativesMap(doc).set(id, entity);
    return id;
  });
}

/**
 * Turns a friction card into an initiative: its text is the default title, the actor
 * the default owner, and the card's author is credited as having raised it.
 */
export function initiativeFromCard(
  doc: Y.Doc,
  cardId: string,
  input: Partial<InitiativeInput>,
  actor: Actor,
  options?: ClockOptions,
): string {
  const card = mustExist(cardsMap(doc).get(cardId), 'unknown-card', cardId);
  const text = textField(card, 'text')?.toJSON().split('\n')[0]?.trim() ?? '';
  return createInitiative(
    doc,
    {
      ...input,
      title: input.title ?? (text.slice(0, LIMITS.title) || 'Untitled initiative'),
      ownerId: input.ownerId ?? actor.userId,
      cardIds: [cardId, ...(input.cardIds ?? [])],
    },
    actor,
    options,
  );
}

export function updateInitiative(
  doc: Y.Doc,
  id: string,
  patch: InitiativePatch,
  actor: Actor,
): void {
  const entity = initiativeEntity(doc, id);
  const values = new Map<string, unknown>();
  if (patch.title !== undefined) {
    values.set('title', checkLabel(patch.title, 'initiative title', LIMITS.title));
  }
  if (patch.ownerId !== undefined) values.set('ownerId', checkUserId(patch.ownerId, 'owner id'));
  if (patch.kpiId !== undefined) values.set('kpiId', checkKpi(doc, patch.kpiId));
  if (patch.impact !== undefined) values.set('impact', checkRating(patch.impact, 'impact'));
  if (patch.effort !== undefined) values.set('effort', checkRating(patch.effort, 'effort'));
  if (patch.learnt !== undefined) {
    values.set('learnt', checkNote(patch.learnt, 'what was learnt', DECISION_LIMITS.learnt));
  }
  write(doc, actor, () => {
    for (const [key, value] of values) {
      if (value === null) entity.delete(key);
      else entity.set(key, value);
    }
  });
}

/** Links one more friction card and credits its author. */
export function linkInitiativeCard(doc: Y.Doc, id: string, cardId: string, actor: Actor): void {
  const entity = initiativeEntity(doc, id);
  const [card] = checkFrictionCards(doc, [cardId]);
  const linked = mapField(entity, 'cards');
  if (!linked) throw new ModelError('unknown-initiative', `initiative ${id} has no card set`);
  if (linked.size >= DECISION_LIMITS.cards) {
    throw new ModelError('invalid-field', `at most ${DECISION_LIMITS.cards} cards`);
  }
  const raisedBy = new Set(raisedByOf(entity));
  const author = card ? stringField(card, 'author') : null;
  if (author) raisedBy.add(author);
  write(doc, actor, () => {
    linked.set(cardId, true);
    entity.set('raisedBy', [...raisedBy].sort());
  });
}

/**
 * Moves an initiative to another status and appends who, when, from, to and why to its
 * history. Stopping needs a reason: a stopped initiative stays on the board so that
 * what was tried, and why it ended, is not lost.
 */
export function setInitiativeStatus(
  doc: Y.Doc,
  id: string,
  to: InitiativeStatus,
  actor: Actor,
  options?: StatusOptions,
): void {
  const entity = initiativeEntity(doc, id);
  if (!isInitiativeStatus(to)) {
    throw new ModelError('invalid-status', `status is one of ${INITIATIVE_STATUSES.join(', ')}`);
  }
  const from = statusOf(entity);
  if (from === to) throw new ModelError('invalid-status', `the initiative is already ${to}`);
  const reason = checkNote(options?.reason, 'reason', DECISION_LIMITS.reason);
  if (to === 'stopped' && !reason) {
    throw new ModelError('reason-required', 'stopping an initiative needs a reason');
  }
  const at = timeOf(options);
  write(doc, actor, () => {
    entity.set('status', to);
    let history = arrayField(entity, 'history');
    if (!history) {
      history = new Y.Array();
      entity.set('history', history);
    }
    const change: StatusChange = { by: actor.userId, at, from, to, reason };
    history.push([change]);
  });
}

function statusOf(entity: Entity): InitiativeStatus {
  const status = entity.get('status');
  return isInitiativeStatus(status) ? status : 'proposed';
}

function raisedByOf(entity: Entity): string[] {
  const value = entity.get('raisedBy');
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function historyOf(entity: Entity): StatusChange[] {
  const changes: StatusChange[] = [];
  for (const record of recordsOf(arrayField(entity, 'history'))) {
    const { by, at, from, to, reason } = record;
    if (typeof by !== 'string' || typeof at !== 'number' || !isInitiativeStatus(to)) continue;
    changes.push({
      by,
      at,
      from: isInitiativeStatus(from) ? from : null,
      to,
      reason: typeof reason === 'string' ? reason : '',
    });
  }
  // Concurrent appends land in client order; show them in time order.
  return changes.sort((a, b) => a.at - b.at);
}

function clampRating(value: number | null): number {
  return value === null ? DEFAULT_RATING : Math.min(5, Math.max(1, Math.round(value)));
}

/** All initiatives, oldest first. Links to deleted cards or KPIs are left out. */
export function readInitiatives(doc: Y.Doc): Initiative[] {
  const cards = cardsMap(doc);
  const kpis = kpisMap(doc);
  const stages = stagesMap(doc);
  const list: Initiative[] = [];
  eachEntity(initiativesMap(doc), (entity, id) => {
    const stageId = stringField(entity, 'stageId');
    const kpiId = stringField(entity, 'kpiId');
    const linked = mapField(entity, 'cards');
    list.push({
      id,
      title: stringField(entity, 'title') ?? '',
      ownerId: stringField(entity, 'ownerId') ?? '',
      stageId: stageId !== null && stages.has(stageId) ? stageId : null,
      kpiId: kpiId !== null && kpis.has(kpiId) ? kpiId : null,
      impact: clampRating(numberField(entity, 'impact')),
      effort: clampRating(numberField(entity, 'effort')),
      status: statusOf(entity),
      cardIds: linked ? [...linked.keys()].filter((cardId) => cards.has(cardId)).sort() : [],
      raisedBy: raisedByOf(entity).sort(),
      learnt: stringField(entity, 'learnt') ?? '',
      history: historyOf(entity),
      createdBy: stringField(entity, 'createdBy') ?? '',
      createdAt: numberField(entity, 'createdAt') ?? 0,
    });
  });
  return list.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}
