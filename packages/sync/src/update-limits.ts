import * as Y from 'yjs';
import {
  ScanLimitError,
  scanUpdate,
  type Place,
  type ScanBounds,
  type UpdateScan,
} from './update-scan.ts';

/** Bounds on what one document update may make the server do; see the README. */
export interface UpdateLimits extends ScanBounds {
  /** Estimated integration steps (conflict-resolution scans) one update may cost. */
  maxIntegrationWork: number;
}

/** Which bound an update broke: loading treats a mis-ordered stored update differently. */
export type UpdateRule = 'malformed' | 'size' | 'order' | 'concurrency';

export type UpdateVerdict =
  { ok: true; work: number; scan: UpdateScan } | { ok: false; rule: UpdateRule; reason: string };

/**
 * Checks an update's structure before it is decoded, stored or applied, in time linear
 * in its size plus walks in `doc` bounded by `maxIntegrationWork`: client ids, structs,
 * delete-set size, client order, and the conflict-resolution work its concurrent items
 * would cause in `doc` (Yjs orders items inserted at one place by scanning the others,
 * so that cost is quadratic). Pass `doc = null` to judge the update on its own.
 */
export function checkUpdate(
  update: Uint8Array,
  doc: Y.Doc | null,
  limits: UpdateLimits,
): UpdateVerdict {
  let scan: UpdateScan;
  try {
    scan = scanUpdate(update, limits);
  } catch (err) {
    if (err instanceof ScanLimitError) return refuse(err.rule, err.message);
    return refuse('malformed', 'invalid document update');
  }
  let work = 0;
  for (const place of scan.places.values()) {
    const { count } = place;
    work += (count * (count - 1)) / 2;
    if (doc && work <= limits.maxIntegrationWork) {
      const budget = Math.ceil((limits.maxIntegrationWork - work) / count) + 1;
      work += count * itemsAlreadyAt(doc, place, budget);
    }
    if (work > limits.maxIntegrationWork) {
      return refuse('concurrency', 'too many concurrent values at one place on this board');
    }
  }
  // Reported last: loading applies a mis-ordered stored update that is otherwise fine.
  if (!inDescendingOrder(scan.clients)) {
    return refuse('order', 'update clients out of order (not a Yjs encoding)');
  }
  return { ok: true, work, scan };
}

const refuse = (rule: UpdateRule, reason: string): UpdateVerdict => ({ ok: false, rule, reason });

/**
 * Every Yjs encoder writes clients in descending order, and `Y.mergeUpdates` (which
 * loading a board uses) relies on it: an update written otherwise merges into a different
 * document than the one a live room built by applying it, so a reload would disagree.
 */
function inDescendingOrder(clients: readonly number[]): boolean {
  for (let i = 1; i < clients.length; i++) if (clients[i]! >= clients[i - 1]!) return false;
  return true;
}

/**
 * How many items `doc` already holds where `place` is (between its origin and right
 * origin, or in its map key), each of which integrating there may scan. At most `budget`.
 */
function itemsAlreadyAt(doc: Y.Doc, place: Place, budget: number): number {
  const stop = place.rightOrigin;
  let current = startOfPlace(doc, place);
  let count = 0;
  while (current && count < budget) {
    if (stop && contains(current, stop)) break;
    count++;
    current = current.right;
  }
  return count;
}

/** Items hold runs of clocks; an id may point anywhere inside one. */
function contains(item: Y.Item, id: Y.ID): boolean {
  return (
    item.id.client === id.client &&
    item.id.clock <= id.clock &&
    id.clock < item.id.clock + item.length
  );
}

function startOfPlace(doc: Y.Doc, place: Place): Y.Item | null {
  if (place.origin) {
    const origin = existingItem(doc, place.origin);
    if (!origin) return null;
    // Inside a run, the next item is the run's own next clock.
    const next = Y.createID(place.origin.client, place.origin.clock + 1);
    return contains(origin, next) ? origin : origin.right;
  }
  if (place.rightOrigin) {
    // At the start of a sequence: the parent is the right neighbour's.
    const parent = existingItem(doc, place.rightOrigin)?.parent;
    return parent instanceof Y.AbstractType ? parent._start : null;
  }
  const parent = existingType(doc, place.parent);
  if (!parent) return null;
  if (place.parentSub === null) return parent._start;
  let start = parent._map.get(place.parentSub) ?? null;
  while (start?.left) start = start.left;
  return start;
}

function existingItem(doc: Y.Doc, id: Y.ID): Y.Item | null {
  if (id.clock >= Y.getState(doc.store, id.client)) return null;
  const struct = Y.getItem(doc.store, id);
  return struct instanceof Y.Item ? struct : null;
}

type AnyType = Y.AbstractType<Y.YEvent<Y.AbstractType<unknown>>>;

/** The parent type if `doc` has it; never creates a root type as `doc.get` would. */
function existingType(doc: Y.Doc, parent: string | Y.ID | null): AnyType | null {
  if (typeof parent === 'string') return doc.share.get(parent) ?? null;
  if (!parent) return null;
  const item = existingItem(doc, parent);
  return item?.content instanceof Y.ContentType ? item.content.type : null;
}
