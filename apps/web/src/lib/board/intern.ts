import type { Board } from '@journeyboard/model';

type Item = { readonly id: string };

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((value, index) => value === b[index]);
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    return keys.every((key) => left[key] === right[key]);
  }
  return false;
}

function sameItem(a: Item, b: Item): boolean {
  const left = a as unknown as Record<string, unknown>;
  const right = b as unknown as Record<string, unknown>;
  const keys = Object.keys(left);
  return (
    keys.length === Object.keys(right).length &&
    keys.every((key) => sameValue(left[key], right[key]))
  );
}

function internList<T extends Item>(prev: readonly T[] | undefined, next: readonly T[]): T[] {
  const before = new Map<string, T>();
  for (const item of prev ?? []) before.set(item.id, item);
  return next.map((item) => {
    const old = before.get(item.id);
    return old && sameItem(old, item) ? old : item;
  });
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/**
 * Every transaction yields a fresh snapshot of the whole board. Reusing the previous
 * objects for whatever did not change lets keyed `{#each}` blocks and component props
 * skip them: typing in one card re-renders that card, not the other 1,999.
 */
export function internBoard(prev: Board | null, next: Board): Board {
  if (!prev) return next;
  const pick = <T extends Item>(a: readonly T[], b: readonly T[]) => {
    const list = internList(a, b);
    return sameList(a, list) ? a : list;
  };
  return Object.freeze({
    title: next.title,
    mission: next.mission,
    stages: pick(prev.stages, next.stages),
    lanes: pick(prev.lanes, next.lanes),
    cards: pick(prev.cards, next.cards),
    personas: pick(prev.personas, next.personas),
  });
}
