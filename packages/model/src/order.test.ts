import { describe, expect, it } from 'vitest';
import {
  compareOrdered,
  isValidKey,
  keyBetween,
  keysBetween,
  repairKeys,
  sortOrdered,
} from './order.ts';
import { seededRandom } from './testing.ts';

const random = seededRandom(1);

describe('order keys', () => {
  it('sorts by order, then by id on equal keys', () => {
    const items = [
      { id: 'b', order: 'a1' },
      { id: 'c', order: 'a0' },
      { id: 'a', order: 'a1' },
    ];
    expect(sortOrdered(items).map((item) => item.id)).toEqual(['c', 'a', 'b']);
    expect(compareOrdered({ id: 'x', order: 'a0' }, { id: 'x', order: 'a0' })).toBe(0);
  });

  it('jitters keys so two inserts at the same spot differ', () => {
    const one = keyBetween('a0', 'a1', seededRandom(1), 6);
    const two = keyBetween('a0', 'a1', seededRandom(2), 6);
    expect(one).not.toBe(two);
    for (const key of [one, two]) {
      expect(key > 'a0' && key < 'a1').toBe(true);
    }
  });

  it('keeps jittered keys below an upper bound that extends the base key', () => {
    // Between null and "a0V" the library's base key is "a0", a prefix of the bound.
    for (let i = 0; i < 200; i++) {
      const key = keyBetween(null, 'a0V', random, 6);
      expect(key < 'a0V').toBe(true);
    }
  });

  it('stays strictly between its bounds over many random inserts', () => {
    let keys = [keyBetween(null, null, random, 6)];
    for (let i = 0; i < 300; i++) {
      const at = Math.floor(random() * (keys.length + 1));
      const key = keyBetween(keys[at - 1] ?? null, keys[at] ?? null, random, 6);
      keys = [...keys.slice(0, at), key, ...keys.slice(at)];
    }
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('generates the plain library key when jitter is off', () => {
    expect(keyBetween(null, null, random, 0)).toBe('a0');
  });

  it('generates ascending keys in a range', () => {
    const keys = keysBetween('a0', 'a1', 5, random, 6);
    expect([...keys].sort()).toEqual(keys);
    expect(keys.every((key) => key > 'a0' && key < 'a1')).toBe(true);
  });

  it('re-keys duplicates between the shared key and the next one', () => {
    const sorted = sortOrdered([
      { id: 'a', order: 'a0' },
      { id: 'b', order: 'a0' },
      { id: 'c', order: 'a0' },
      { id: 'd', order: 'a1' },
    ]);
    const changes = repairKeys(sorted, random, 0);
    expect([...changes.keys()]).toEqual(['b', 'c']);
    const next = sortOrdered(
      sorted.map((item) => ({ ...item, order: changes.get(item.id) ?? item.order })),
    );
    expect(next.map((item) => item.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(new Set(next.map((item) => item.order)).size).toBe(4);
  });

  it('changes nothing when keys are unique', () => {
    expect(
      repairKeys(
        [
          { id: 'a', order: 'a0' },
          { id: 'b', order: 'a1' },
        ],
        random,
        6,
      ).size,
    ).toBe(0);
  });

  it('replaces malformed keys so later inserts cannot fail', () => {
    const sorted = sortOrdered([
      { id: 'a', order: '' },
      { id: 'b', order: 'a0' },
      { id: 'c', order: 'a00' },
      { id: 'd', order: 'a1' },
    ]);
    const changes = repairKeys(sorted, random, 0);
    expect([...changes.keys()].sort()).toEqual(['a', 'c']);
    const next = sortOrdered(
      sorted.map((item) => ({ ...item, order: changes.get(item.id) ?? item.order })),
    );
    expect(next.map((item) => item.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(next.every((item) => isValidKey(item.order))).toBe(true);
  });
});
