import * as Y from 'yjs';
import { readTitle } from './meta.ts';
import { sortOrdered } from './order.ts';
import { cardContext, readCard } from './read.ts';
import { cardsMap, metaMap, textField } from './schema.ts';
import type { Board, Card } from './types.ts';

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return (
    Array.isArray(a) &&
    Array.isArray(b) &&
    a.length === b.length &&
    a.every((value, index) => value === b[index])
  );
}

/** Field by field (lists element by element): a re-read that changed nothing is the same card. */
function sameCard(a: Card, b: Card): boolean {
  const left = a as unknown as Record<string, unknown>;
  const right = b as unknown as Record<string, unknown>;
  const keys = Object.keys(left);
  return (
    keys.length === Object.keys(right).length &&
    keys.every((key) => sameValue(left[key], right[key]))
  );
}

/**
 * `prev` with only the given cards read again from the document (added, changed or
 * deleted), as readBoard would read them, for changes that left stages, lanes and
 * personas alone. Every other card keeps its object, so a view keyed on them skips it;
 * a re-read card equal to its old snapshot keeps its object too. Returns `prev` itself
 * when nothing it shows changed.
 */
export function patchCards(doc: Y.Doc, prev: Board, cardIds: Iterable<string>): Board {
  const context = cardContext(prev);
  const map = cardsMap(doc);
  const fresh = new Map<string, Card | null>();
  for (const id of cardIds) {
    const entity = map.get(id);
    fresh.set(id, entity instanceof Y.Map ? readCard(entity, id, context) : null);
  }
  let changed = false;
  let placed = false;
  const cards: Card[] = [];
  for (const card of prev.cards) {
    const next = fresh.get(card.id);
    fresh.delete(card.id);
    if (next === undefined || (next && sameCard(card, next))) {
      cards.push(card);
      continue;
    }
    changed = true;
    if (!next) {
      continue;
    }
    if (next.laneId !== card.laneId || next.stageId !== card.stageId || next.order !== card.order) {
      placed = true;
    }
    cards.push(next);
  }
  for (const next of fresh.values()) {
    if (!next) continue;
    changed = placed = true;
    cards.push(next);
  }
  if (!changed) return prev;
  return Object.freeze({ ...prev, cards: Object.freeze(placed ? sortOrdered(cards) : cards) });
}

/** `prev` with the title and mission read again (the rest of the meta map is not shown). */
export function patchMeta(doc: Y.Doc, prev: Board): Board {
  const meta = metaMap(doc);
  const title = readTitle(meta);
  const mission = textField(meta, 'mission')?.toJSON() ?? '';
  if (title === prev.title && mission === prev.mission) return prev;
  return Object.freeze({ ...prev, title, mission });
}
