import type * as Y from 'yjs';
import { keyAtIndex, repairKeys, sortOrdered, type Ordered } from './order.ts';
import { jitterDigitsFor, randomFor } from './random.ts';
import { cardsMap, orderOf, placeOf, type Entity, eachEntity } from './schema.ts';

interface Sibling extends Ordered {
  readonly entity: Entity;
}

function sortedEntries(map: Y.Map<Entity>, excludeId: string | null): Sibling[] {
  const items: Sibling[] = [];
  map.forEach((entity, id) => {
    if (id !== excludeId) items.push({ id, order: orderOf(entity), entity });
  });
  return sortOrdered(items);
}

function cellEntries(doc: Y.Doc, laneId: string, stageId: string, excludeId: string | null) {
  const items: Sibling[] = [];
  eachEntity(cardsMap(doc), (entity, id) => {
    const place = placeOf(entity);
    if (id !== excludeId && place?.laneId === laneId && place.stageId === stageId) {
      items.push({ id, order: place.order, entity });
    }
  });
  return sortOrdered(items);
}

/**
 * Re-keys duplicated siblings and returns the (now unique) siblings, sorted.
 * Call inside the write's transaction.
 */
function repaired(
  doc: Y.Doc,
  sorted: Sibling[],
  setOrder: (entity: Entity, order: string) => void,
): Sibling[] {
  const changes = repairKeys(sorted, randomFor(doc), jitterDigitsFor(doc));
  if (changes.size === 0) return sorted;
  const next = sorted.map((item) => {
    const order = changes.get(item.id);
    if (order === undefined) return item;
    setOrder(item.entity, order);
    return { ...item, order };
  });
  return sortOrdered(next);
}

function setPlainOrder(entity: Entity, order: string): void {
  entity.set('order', order);
}

function setCardOrder(entity: Entity, order: string): void {
  const place = placeOf(entity);
  if (place) entity.set('place', { ...place, order });
}

/** Repairs the siblings in `map` and returns a key for `index` among them. */
export function orderInMap(
  doc: Y.Doc,
  map: Y.Map<Entity>,
  excludeId: string | null,
  index: number | undefined,
): string {
  const siblings = repaired(doc, sortedEntries(map, excludeId), setPlainOrder);
  return keyAtIndex(siblings, index, randomFor(doc), jitterDigitsFor(doc));
}

/** Repairs the cards of one cell and returns a key for `index` among them. */
export function orderInCell(
  doc: Y.Doc,
  cell: { laneId: string; stageId: string },
  excludeId: string | null,
  index: number | undefined,
): string {
  const siblings = repaired(
    doc,
    cellEntries(doc, cell.laneId, cell.stageId, excludeId),
    setCardOrder,
  );
  return keyAtIndex(siblings, index, randomFor(doc), jitterDigitsFor(doc));
}

/** Repairs every duplicated key in `map`; returns how many entities got a new key. */
export function repairMap(doc: Y.Doc, map: Y.Map<Entity>): number {
  const changes = repairKeys(sortedEntries(map, null), randomFor(doc), jitterDigitsFor(doc));
  changes.forEach((order, id) => map.get(id)?.set('order', order));
  return changes.size;
}

/** Repairs every duplicated key in one cell; returns how many cards got a new key. */
export function repairCell(doc: Y.Doc, laneId: string, stageId: string): number {
  const sorted = cellEntries(doc, laneId, stageId, null);
  const changes = repairKeys(sorted, randomFor(doc), jitterDigitsFor(doc));
  for (const item of sorted) {
    const order = changes.get(item.id);
    if (order !== undefined) setCardOrder(item.entity, order);
  }
  return changes.size;
}
