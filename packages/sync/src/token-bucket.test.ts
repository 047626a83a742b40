import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.ts';

describe('TokenBucket', () => {
  it('allows a burst, then refuses until tokens refill at the rate', () => {
    const bucket = new TokenBucket(10, 3, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(bucket.waitMs(0)).toBe(100);
    expect(bucket.take(100)).toBe(true);
    expect(bucket.take(100)).toBe(false);
  });

  it('never holds more than the burst however long it idles', () => {
    const bucket = new TokenBucket(10, 2, 0);
    const taken = Array.from({ length: 5 }, () => bucket.take(60_000)).filter(Boolean);
    expect(taken).toHaveLength(2);
  });

  it('takes several tokens at once, or none when fewer are left', () => {
    const bucket = new TokenBucket(100, 100, 0);
    expect(bucket.takeMany(60, 0)).toBe(true);
    expect(bucket.takeMany(60, 0)).toBe(false);
    expect(bucket.takeMany(40, 0)).toBe(true);
    expect(bucket.takeMany(50, 500)).toBe(true);
  });
});
