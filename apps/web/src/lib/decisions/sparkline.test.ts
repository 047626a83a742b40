import { describe, expect, it } from 'vitest';
import { sparkline } from './sparkline.ts';

const at = (value: number, i: number) => ({ value, by: 'a', at: i });

describe('sparkline', () => {
  it('draws nothing without values', () => {
    expect(sparkline([], 5, 100, 30)).toEqual({ points: '', last: null, targetY: null });
  });

  it('spreads values across the width with higher values nearer the top', () => {
    const g = sparkline([at(0, 1), at(10, 2)], null, 100, 30, 0);
    expect(g.points).toBe('0,30 100,0');
    expect(g.last).toEqual({ x: 100, y: 0 });
  });

  it('includes the target in the scale', () => {
    const g = sparkline([at(0, 1), at(5, 2)], 10, 100, 30, 0);
    expect(g.targetY).toBe(0);
    expect(g.points).toBe('0,30 100,15');
  });

  it('centres a single value', () => {
    expect(sparkline([at(3, 1)], null, 100, 30).points).toBe('50,15');
  });
});
