import { generateKeyBetween } from 'fractional-indexing';
import type { RandomSource } from './random.ts';

/**
 * Ordering rules shared by stages, lanes, personas and the cards of one cell.
 *
 * - Position is an `order` string (fractional index), never an array position.
 * - Reads sort by (order, id), so even equal keys give the same order on every peer.
 * - Two peers inserting at the same spot compute the same base key; a random suffix
 *   (jitter) makes the stored keys differ, so siblings practically never share a key.
 * - If they still do (jitter off, or a one-in-10^10 draw), the next write into that
 *   sibling set re-keys the duplicates first (`repairKeys`), and `repairBoard` does it
 *   for the whole board. Malformed keys (from a buggy or hostile peer) get the same
 *   treatment, so a write never fails on someone else's bad key.
 */
export interface Ordered {
  readonly id: string;
  readonly order: string;
}

export function compareOrdered(a: Ordered, b: Ordered): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

export function sortOrdered<T extends Ordered>(items: Iterable<T>): T[] {
  return [...items].sort(compareOrdered);
}

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function randomDigits(count: number, random: RandomSource): string {
  let out = '';
  for (let i = 0; i < count; i++) {
    // The last digit must not be '0': fractional-indexing rejects trailing zeros.
    const lowest = i === count - 1 ? 1 : 0;
    out += DIGITS[lowest + Math.floor(random() * (DIGITS.length - lowest))];
  }
  return out;
}

/** A key strictly between `a` and `b` (null = open end), with `jitter` random digits. */
export function keyBetween(
  a: string | null,
  b: string | null,
  random: RandomSource,
  jitter: number,
): string {
  let base = generateKeyBetween(a, b);
  if (jitter <= 0) return base;
  // Appending digits keeps the key above `base`; it only overshoots `b` when `base` is a
  // prefix of `b` (e.g. between null and "a0V" the base is "a0"). Then move the base
  // towards `b`, which ends the prefix relation, and try again.
  for (let attempt = 0; attempt < 4; attempt++) {
    const candidate = base + randomDigits(jitter, random);
    if (b === null || candidate < b) return candidate;
    base = generateKeyBetween(base, b);
  }
  return base;
}

/** `count` ascending keys between `a` and `b`, each jittered. */
export function keysBetween(
  a: string | null,
  b: string | null,
  count: number,
  random: RandomSource,
  jitter: number,
): string[] {
  const keys: string[] = [];
  let lower = a;
  for (let i = 0; i < count; i++) {
    lower = keyBetween(lower, b, random, jitter);
    keys.push(lower);
  }
  return keys;
}

/** Whether `key` is a well-formed fractional index (any peer can write anything). */
export function isValidKey(key: string): boolean {
  try {
    generateKeyBetween(key, null);
    return true;
  } catch {
    return false;
  }
}

/**
 * New keys for siblings (sorted by compareOrdered) so that keys strictly ascend: the
 * first of a run of equal keys keeps its key, the rest move between it and the next
 * greater key; malformed keys are replaced the same way. Returns only the changes.
 */
export function repairKeys(
  sorted: readonly Ordered[],
  random: RandomSource,
  jitter: number,
): Map<string, string> {
  const changes = new Map<string, string>();
  let previous: string | null = null;
  sorted.forEach((item, i) => {
    if ((previous === null || item.order > previous) && isValidKey(item.order)) {
      previous = item.order;
      return;
    }
    const floor = previous;
    const next = sorted
      .slice(i + 1)
      .find((later) => (floor === null || later.order > floor) && isValidKey(later.order));
    previous = keyBetween(floor, next?.order ?? null, random, Math.max(jitter, 1));
    changes.set(item.id, previous);
  });
  return changes;
}

/** Key for inserting at `index` among sorted siblings (which must not repeat keys). */
export function keyAtIndex(
  sorted: readonly Ordered[],
  index: number | undefined,
  random: RandomSource,
  jitter: number,
): string {
  const at = index === undefined ? sorted.length : Math.max(0, Math.min(index, sorted.length));
  const before = sorted[at - 1]?.order ?? null;
  const after = sorted[at]?.order ?? null;
  return keyBetween(before, after, random, jitter);
}
