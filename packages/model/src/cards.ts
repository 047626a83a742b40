import * as Y from 'yjs';
import { applyFieldPatch, checkFieldPatch, type CardFieldPatch } from './card-fields.ts';
import { ModelError } from './errors.ts';
import { isLaneKind } from './lanes.ts';
import { newIdFor } from './random.ts';
import {
  cardsMap,
  lanesMap,
  mapField,
  personasMap,
  placeOf,
  replaceText,
  stagesMap,
  stringField,
  textField,
  type Entity,
} from './schema.ts';
import { orderInCell } from './siblings.ts';
import type { Actor, LaneKind } from './types.ts';
import { LIMITS, checkId, checkIndex, checkText, mustExist, write } from './validate.ts';
import { timeOf, type ClockOptions } from './clock.ts';

export interface AddCardOptions extends ClockOptions {
  laneId: string;
  stageId: string;
  text?: string;
  /** Position among the cell's cards; default: last. */
  index?: number;
  fields?: CardFieldPatch;
  personaIds?: readonly string[];
  /** Fixed id (imports, tests); default: a random one. */
  id?: string;
}

export interface MoveCardOptions {
  /** Default: the card's current lane. */
  laneId?: string;
  /** Default: the card's current stage. */
  stageId?: string;
  /** Position among the target cell's other cards; default: last. */
  index?: number;
}

function laneKindOf(doc: Y.Doc, laneId: string): LaneKind {
  const lane = mustExist(lanesMap(doc).get(laneId), 'unknown-lane', laneId);
  const kind = stringField(lane, 'kind');
  return isLaneKind(kind) ? kind : 'custom';
}

function checkStage(doc: Y.Doc, stageId: string): void {
  mustExist(stagesMap(doc).get(stageId), 'unknown-stage', stageId);
}

function cardEntity(doc: Y.Doc, cardId: string): Entity {
  return mustExist(cardsMap(doc).get(cardId), 'unknown-card', cardId);
}

function checkPersonas(doc: Y.Doc, ids: readonly string[]): void {
  for (const id of ids) mustExist(personasMap(doc).get(id), 'unknown-persona', id);
}

export function addCard(doc: Y.Doc, options: AddCardOptions, actor: Actor): string {
  const { laneId, stageId } = options;
  const kind = laneKindOf(doc, laneId);
  checkStage(doc, stageId);
  const text = checkText(options.text ?? '', 'card text', LIMITS.cardText);
  const index = checkIndex(options.index);
  const fields = checkFieldPatch(options.fields ?? {}, kind);
  const personaIds = options.personaIds ?? [];
  checkPersonas(doc, personaIds);
  const id = options.id === undefined ? newIdFor(doc) : checkId(options.id);
  if (cardsMap(doc).has(id)) throw new ModelError('duplicate-id', `card ${id} exists`);
  const createdAt = timeOf(options);
  return write(doc, actor, () => {
    const card: Entity = new Y.Map();
    const order = orderInCell(doc, { laneId, stageId }, null, index);
    card.set('place', { laneId, stageId, order });
    card.set('text', new Y.Text(text));
    card.set('author', actor.userId);
    card.set('createdAt', createdAt);
    const personas = new Y.Map<true>();
    for (const personaId of personaIds) personas.set(personaId, true);
    card.set('personas', personas);
    applyFieldPatch(card, fields);
    cardsMap(doc).set(id, card);
    return id;
  });
}

/** Moves a card to another cell and/or position, in one atomic `place` value. */
export function moveCard(doc: Y.Doc, cardId: string, to: MoveCardOptions, actor: Actor): void {
  const card = cardEntity(doc, cardId);
  const from = placeOf(card);
  const laneId = to.laneId ?? from?.laneId;
  const stageId = to.stageId ?? from?.stageId;
  if (laneId === undefined || stageId === undefined) {
    throw new ModelError('invalid-position', `card ${cardId} has no cell; pass laneId and stageId`);
  }
  laneKindOf(doc, laneId);
  checkStage(doc, stageId);
  const index = checkIndex(to.index);
  write(doc, actor, () => {
    const order = orderInCell(doc, { laneId, stageId }, cardId, index);
    card.set('place', { laneId, stageId, order });
  });
}

export function deleteCard(doc: Y.Doc, cardId: string, actor: Actor): void {
  cardEntity(doc, cardId);
  write(doc, actor, () => cardsMap(doc).delete(cardId));
}

/**
 * Sets kind-specific fields; `null` clears one, an absent key leaves it alone. Only the
 * fields the card's lane kind allows are accepted (CARD_FIELDS_BY_KIND).
 */
export function setCardFields(
  doc: Y.Doc,
  cardId: string,
  patch: CardFieldPatch,
  actor: Actor,
): void {
  const card = cardEntity(doc, cardId);
  const place = placeOf(card);
  if (!place) throw new ModelError('unknown-card', `card ${cardId} has no cell`);
  const values = checkFieldPatch(patch, laneKindOf(doc, place.laneId));
  write(doc, actor, () => applyFieldPatch(card, values));
}

/**
 * The card's shared text, for editors to bind to. Edits made through it are the
 * editor's own transactions: give them the same actor as origin for per-user undo.
 */
export function getCardText(doc: Y.Doc, cardId: string): Y.Text {
  const text = textField(cardEntity(doc, cardId), 'text');
  if (!text) throw new ModelError('unknown-card', `card ${cardId} has no text`);
  return text;
}

/** Replaces the card text with the smallest edit (concurrent typing elsewhere survives). */
export function setCardText(doc: Y.Doc, cardId: string, text: string, actor: Actor): void {
  const target = getCardText(doc, cardId);
  const checked = checkText(text, 'card text', LIMITS.cardText);
  write(doc, actor, () => replaceText(target, checked));
}

function personaSet(doc: Y.Doc, cardId: string): Y.Map<unknown> {
  const set = mapField(cardEntity(doc, cardId), 'personas');
  if (!set) throw new ModelError('unknown-card', `card ${cardId} has no persona set`);
  return set;
}

export function tagCardPersona(doc: Y.Doc, cardId: string, personaId: string, actor: Actor) {
  const set = personaSet(doc, cardId);
  checkPersonas(doc, [personaId]);
  write(doc, actor, () => set.set(personaId, true));
}

export function untagCardPersona(doc: Y.Doc, cardId: string, personaId: string, actor: Actor) {
  const set = personaSet(doc, cardId);
  write(doc, actor, () => set.delete(personaId));
}

/** Sets the card's personas by adding and removing the difference, so that concurrent
 * tagging by others merges instead of being overwritten. */
export function setCardPersonas(
  doc: Y.Doc,
  cardId: string,
  personaIds: readonly string[],
  actor: Actor,
): void {
  const set = personaSet(doc, cardId);
  checkPersonas(doc, personaIds);
  const wanted = new Set(personaIds);
  write(doc, actor, () => {
    for (const id of [...set.keys()]) if (!wanted.has(id)) set.delete(id);
    for (const id of wanted) if (!set.has(id)) set.set(id, true);
  });
}
