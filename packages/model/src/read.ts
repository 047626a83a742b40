import type * as Y from 'yjs';
import { readFields } from './card-fields.ts';
import { isLaneKind } from './lanes.ts';
import { sortOrdered } from './order.ts';
import { readTitle } from './meta.ts';
import {
  cardsMap,
  labelField,
  lanesMap,
  mapField,
  metaMap,
  numberField,
  orderOf,
  personasMap,
  placeOf,
  stagesMap,
  stringField,
  textField,
  eachEntity,
  type Entity,
} from './schema.ts';
import { clampScore } from './card-fields.ts';
import type { Board, Card, Lane, LaneKind, Persona, Stage } from './types.ts';

function readStages(doc: Y.Doc): Stage[] {
  const stages: Stage[] = [];
  eachEntity(stagesMap(doc), (entity, id) => {
    stages.push(
      Object.freeze({
        id,
        name: labelField(entity, 'name') ?? '',
        order: orderOf(entity),
        keeperId: stringField(entity, 'keeperId'),
      }),
    );
  });
  return sortOrdered(stages);
}

function readLanes(doc: Y.Doc, liveStages: ReadonlySet<string>): Lane[] {
  const lanes: Lane[] = [];
  eachEntity(lanesMap(doc), (entity, id) => {
    const kind = stringField(entity, 'kind');
    const scores: Record<string, number> = {};
    mapField(entity, 'scores')?.forEach((value, stageId) => {
      // Scores of a stage deleted concurrently with the scoring are left behind; skip them.
      if (liveStages.has(stageId) && typeof value === 'number' && Number.isFinite(value)) {
        scores[stageId] = clampScore(value);
      }
    });
    lanes.push(
      Object.freeze({
        id,
        name: labelField(entity, 'name') ?? '',
        kind: isLaneKind(kind) ? kind : 'custom',
        order: orderOf(entity),
        scores: Object.freeze(scores),
      }),
    );
  });
  return sortOrdered(lanes);
}

/** What reading one card needs to know about the rest of the board. */
export interface CardContext {
  readonly laneKinds: ReadonlyMap<string, LaneKind>;
  readonly liveStages: ReadonlySet<string>;
  readonly livePersonas: ReadonlySet<string>;
}

/** One card as a frozen snapshot; null for an orphan or a malformed entry. */
export function readCard(entity: Entity, id: string, context: CardContext): Card | null {
  const place = placeOf(entity);
  const kind = place && context.laneKinds.get(place.laneId);
  // Orphans (lane or stage deleted concurrently with adding or moving the card) stay
  // hidden until repairBoard removes them.
  if (!place || !kind || !context.liveStages.has(place.stageId)) return null;
  const personaIds: string[] = [];
  mapField(entity, 'personas')?.forEach((_value, personaId) => {
    if (context.livePersonas.has(personaId)) personaIds.push(personaId);
  });
  return Object.freeze({
    id,
    laneId: place.laneId,
    stageId: place.stageId,
    order: place.order,
    text: textField(entity, 'text')?.toJSON() ?? '',
    author: stringField(entity, 'author') ?? '',
    createdAt: numberField(entity, 'createdAt') ?? 0,
    personaIds: Object.freeze(personaIds.sort()),
    ...readFields(entity, kind),
  });
}

function readCards(doc: Y.Doc, context: CardContext): Card[] {
  const cards: Card[] = [];
  eachEntity(cardsMap(doc), (entity, id) => {
    const card = readCard(entity, id, context);
    if (card) cards.push(card);
  });
  return sortOrdered(cards);
}

/** The context of readCard from a board read before (its lanes, stages and personas). */
export function cardContext(board: Pick<Board, 'lanes' | 'stages' | 'personas'>): CardContext {
  return {
    laneKinds: new Map(board.lanes.map((lane) => [lane.id, lane.kind])),
    liveStages: new Set(board.stages.map((stage) => stage.id)),
    livePersonas: new Set(board.personas.map((persona) => persona.id)),
  };
}

function readPersonas(doc: Y.Doc): Persona[] {
  const personas: Persona[] = [];
  eachEntity(personasMap(doc), (entity, id) => {
    personas.push(
      Object.freeze({
        id,
        name: labelField(entity, 'name') ?? '',
        description: labelField(entity, 'description') ?? '',
        colour: stringField(entity, 'colour') ?? '#2563eb',
        order: orderOf(entity),
      }),
    );
  });
  return sortOrdered(personas);
}

/** A plain, frozen snapshot of the board; never exposes Y types. */
export function readBoard(doc: Y.Doc): Board {
  const meta = metaMap(doc);
  const title = readTitle(meta);
  const stages = readStages(doc);
  const lanes = readLanes(doc, new Set(stages.map((stage) => stage.id)));
  const personas = readPersonas(doc);
  return Object.freeze({
    title,
    mission: textField(meta, 'mission')?.toJSON() ?? '',
    stages: Object.freeze(stages),
    lanes: Object.freeze(lanes),
    cards: Object.freeze(readCards(doc, cardContext({ stages, lanes, personas }))),
    personas: Object.freeze(personas),
  });
}

export interface CardFilter {
  /** Keep cards tagged with at least one of these personas; empty or absent keeps all. */
  personaIds?: readonly string[];
}

/** Cards matching the filter, in board order. */
export function filterCards(board: Board, filter: CardFilter): readonly Card[] {
  const wanted = filter.personaIds;
  if (!wanted || wanted.length === 0) return board.cards;
  return board.cards.filter((card) => card.personaIds.some((id) => wanted.includes(id)));
}

/** The cards of one cell, sorted by (order, id). */
export function cardsInCell(
  board: Board,
  laneId: string,
  stageId: string,
  filter: CardFilter = {},
): readonly Card[] {
  return filterCards(board, filter).filter(
    (card) => card.laneId === laneId && card.stageId === stageId,
  );
}

/** Key of a cell in the map groupCardsByCell returns. */
export function cellKey(laneId: string, stageId: string): string {
  return `${laneId}/${stageId}`;
}

/** All visible cards by cell (see cellKey), each list sorted by (order, id): one pass
 * over the board instead of one cardsInCell call per cell. */
export function groupCardsByCell(
  board: Board,
  filter: CardFilter = {},
): ReadonlyMap<string, readonly Card[]> {
  const cells = new Map<string, Card[]>();
  for (const card of filterCards(board, filter)) {
    const key = cellKey(card.laneId, card.stageId);
    const list = cells.get(key);
    if (list) list.push(card);
    else cells.set(key, [card]);
  }
  return cells;
}

/** An emotion lane's curve: one point per stage in stage order, null where unscored. */
export function emotionCurve(
  board: Board,
  laneId: string,
): readonly { stageId: string; score: number | null }[] {
  const lane = board.lanes.find((candidate) => candidate.id === laneId);
  return board.stages.map((stage) => ({
    stageId: stage.id,
    score: lane?.scores[stage.id] ?? null,
  }));
}
