import * as Y from 'yjs';
import { ModelError } from './errors.ts';
import { newIdFor } from './random.ts';
import { cardsMap, lanesMap, placeOf, setLabel, type Entity } from './schema.ts';
import { orderInMap } from './siblings.ts';
import { LANE_KINDS, type Actor, type LaneKind } from './types.ts';
import { LIMITS, checkId, checkIndex, checkLabel, mustExist, write } from './validate.ts';

export interface AddLaneOptions {
  name: string;
  kind: LaneKind;
  /** Position among the current lanes; default: last. */
  index?: number;
  /** Fixed id (imports, tests); default: a random one. */
  id?: string;
}

export function isLaneKind(value: unknown): value is LaneKind {
  return typeof value === 'string' && (LANE_KINDS as readonly string[]).includes(value);
}

function laneEntity(doc: Y.Doc, laneId: string): Entity {
  return mustExist(lanesMap(doc).get(laneId), 'unknown-lane', laneId);
}

/** Lane kind is fixed at creation: the kind decides which card fields and maps exist. */
export function addLane(doc: Y.Doc, options: AddLaneOptions, actor: Actor): string {
  const name = checkLabel(options.name, 'lane name', LIMITS.name);
  if (!isLaneKind(options.kind)) {
    throw new ModelError('invalid-kind', `unknown lane kind ${String(options.kind)}`);
  }
  const kind = options.kind;
  const index = checkIndex(options.index);
  const id = options.id === undefined ? newIdFor(doc) : checkId(options.id);
  if (lanesMap(doc).has(id)) throw new ModelError('duplicate-id', `lane ${id} exists`);
  return write(doc, actor, () => {
    const lane: Entity = new Y.Map();
    lane.set('name', new Y.Text(name));
    lane.set('kind', kind);
    lane.set('order', orderInMap(doc, lanesMap(doc), null, index));
    // Created up front: two peers lazily creating it at once would lose one's scores.
    if (kind === 'emotion') lane.set('scores', new Y.Map());
    lanesMap(doc).set(id, lane);
    return id;
  });
}

export function renameLane(doc: Y.Doc, laneId: string, name: string, actor: Actor): void {
  const lane = laneEntity(doc, laneId);
  const checked = checkLabel(name, 'lane name', LIMITS.name);
  write(doc, actor, () => setLabel(lane, 'name', checked));
}

/** Moves a lane to `index` among the other lanes. */
export function moveLane(doc: Y.Doc, laneId: string, index: number, actor: Actor): void {
  const lane = laneEntity(doc, laneId);
  const at = checkIndex(index);
  write(doc, actor, () => lane.set('order', orderInMap(doc, lanesMap(doc), laneId, at)));
}

/**
 * Deletes the lane with its cards (and, for an emotion lane, its scores) in one
 * transaction. Cards added to it concurrently become invisible orphans, as for stages.
 */
export function deleteLane(doc: Y.Doc, laneId: string, actor: Actor): void {
  laneEntity(doc, laneId);
  write(doc, actor, () => {
    const cards = cardsMap(doc);
    for (const [cardId, card] of [...cards.entries()]) {
      if (placeOf(card)?.laneId === laneId) cards.delete(cardId);
    }
    lanesMap(doc).delete(laneId);
  });
}
