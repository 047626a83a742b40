import { describe, expect, it } from 'vitest';
import { Viewport } from './viewport.svelte.ts';

describe('Viewport', () => {
  it('applies set() as an outside request and report() as the user’s own move', () => {
    const viewport = new Viewport();
    viewport.report({ x: 10, y: 20, zoom: 1 });
    expect(viewport.revision).toBe(0);
    viewport.set({ x: 300, zoom: 0.5 });
    expect(viewport.current).toEqual({ x: 300, y: 20, zoom: 0.5 });
    expect(viewport.revision).toBe(1);
  });

  it('clamps zoom and keeps coordinates non-negative', () => {
    const viewport = new Viewport();
    viewport.set({ x: -5, y: Number.NaN, zoom: 9 });
    expect(viewport.current).toEqual({ x: 0, y: 0, zoom: 2 });
  });

  it('zooms around an anchor, keeping the map point under it in place', () => {
    const viewport = new Viewport();
    viewport.reportSize({ viewWidth: 800, viewHeight: 600, mapWidth: 2000, mapHeight: 1200 });
    viewport.set({ x: 100, y: 100, zoom: 1 });
    viewport.zoomTo(2, 400, 300);
    // The point at screen (400, 300) was map (500, 400) and still is.
    const { x, y, zoom } = viewport.current;
    expect(x + 400 / zoom).toBe(500);
    expect(y + 300 / zoom).toBe(400);
  });

  it('fits the whole map into the view', () => {
    const viewport = new Viewport();
    viewport.reportSize({ viewWidth: 1000, viewHeight: 600, mapWidth: 2000, mapHeight: 900 });
    viewport.fit();
    expect(viewport.current).toEqual({ x: 0, y: 0, zoom: 0.5 });
  });

  it('zooms a wide map out on open so that every stage shows, once', () => {
    const viewport = new Viewport();
    viewport.reportSize({ viewWidth: 1440, viewHeight: 700, mapWidth: 1520, mapHeight: 1400 });
    viewport.fitStagesOnOpen();
    expect(viewport.current).toEqual({ x: 0, y: 0, zoom: 0.94 });
    viewport.zoomTo(1);
    viewport.fitStagesOnOpen();
    expect(viewport.zoom).toBe(1);
  });

  it('leaves a map that fits at 100 %, and a huge one legible', () => {
    const fits = new Viewport();
    fits.reportSize({ viewWidth: 1440, viewHeight: 700, mapWidth: 1200, mapHeight: 1400 });
    fits.fitStagesOnOpen();
    expect(fits.zoom).toBe(1);
    const huge = new Viewport();
    huge.reportSize({ viewWidth: 1000, viewHeight: 700, mapWidth: 8000, mapHeight: 1400 });
    huge.fitStagesOnOpen();
    expect(huge.zoom).toBe(0.6);
  });

  it('opens a phone at 100 %: the lane column and one stage, not a shrunken map', () => {
    const phone = new Viewport();
    phone.reportSize({ viewWidth: 390, viewHeight: 600, mapWidth: 1500, mapHeight: 1400 });
    phone.fitStagesOnOpen();
    expect(phone.zoom).toBe(1);
  });

  it('does not fit over a view someone already chose (following a colleague)', () => {
    const viewport = new Viewport();
    viewport.set({ x: 400, zoom: 1.5 });
    viewport.reportSize({ viewWidth: 1000, viewHeight: 700, mapWidth: 2000, mapHeight: 1400 });
    viewport.fitStagesOnOpen();
    expect(viewport.current).toEqual({ x: 400, y: 0, zoom: 1.5 });
  });
});
