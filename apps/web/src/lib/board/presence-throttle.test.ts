import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Limits } from '@journeyboard/protocol';
import { PatchThrottle, PRESENCE_INTERVAL_MS } from './presence-throttle.ts';

interface State {
  cursor: { x: number; y: number } | null;
  selection: string | null;
}

describe('PatchThrottle', () => {
  let flushed: Partial<State>[];
  let throttle: PatchThrottle<State>;

  beforeEach(() => {
    vi.useFakeTimers();
    flushed = [];
    throttle = new PatchThrottle<State>({
      intervalMs: 50,
      flush: (patch) => flushed.push(patch),
      now: () => Date.now(),
    });
  });

  afterEach(() => {
    throttle.cancel();
    vi.useRealTimers();
  });

  it('sends the first change at once', () => {
    throttle.push({ cursor: { x: 1, y: 2 } });
    expect(flushed).toEqual([{ cursor: { x: 1, y: 2 } }]);
  });

  it('merges changes within the interval and sends the latest at its end', () => {
    throttle.push({ cursor: { x: 1, y: 1 } });
    throttle.push({ cursor: { x: 2, y: 2 } });
    throttle.push({ selection: 'card-a' });
    throttle.push({ cursor: { x: 3, y: 3 } });
    expect(flushed).toHaveLength(1);
    vi.advanceTimersByTime(50);
    expect(flushed).toEqual([
      { cursor: { x: 1, y: 1 } },
      { cursor: { x: 3, y: 3 }, selection: 'card-a' },
    ]);
  });

  it('never sends more often than the interval however fast changes come', () => {
    for (let ms = 0; ms < 1_000; ms += 4) {
      throttle.push({ cursor: { x: ms, y: ms } });
      vi.advanceTimersByTime(4);
    }
    vi.advanceTimersByTime(50);
    expect(flushed.length).toBeLessThanOrEqual(1_000 / 50 + 1);
    expect(flushed.at(-1)).toEqual({ cursor: { x: 996, y: 996 } });
  });

  it('sends what is pending on flushNow and nothing after cancel', () => {
    throttle.push({ cursor: { x: 1, y: 1 } });
    throttle.push({ cursor: { x: 2, y: 2 } });
    throttle.flushNow();
    expect(flushed.at(-1)).toEqual({ cursor: { x: 2, y: 2 } });
    vi.advanceTimersByTime(10);
    throttle.push({ selection: 'x' });
    throttle.cancel();
    vi.advanceTimersByTime(100);
    expect(flushed).toHaveLength(2);
  });

  it('keeps the default interval under the server awareness rate limit', () => {
    expect(1_000 / PRESENCE_INTERVAL_MS).toBeLessThan(Limits.maxAwarenessPerSecond);
    expect(1_000 / PRESENCE_INTERVAL_MS).toBeGreaterThanOrEqual(15);
  });
});
