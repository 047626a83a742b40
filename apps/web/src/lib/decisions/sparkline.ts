import type { KpiValue } from '@journeyboard/model';

export interface SparklineGeometry {
  /** SVG polyline points, "x,y x,y…". */
  readonly points: string;
  /** The last point (drawn as a dot). */
  readonly last: { x: number; y: number } | null;
  /** The target as a y coordinate when it falls inside the drawn range. */
  readonly targetY: number | null;
}

/**
 * Lays out KPI values left to right in recording order (evenly spaced: updates are
 * irregular, and the trend matters more than the gaps) and scales them to the box,
 * including the target so the line shows how far off it is.
 */
export function sparkline(
  values: readonly KpiValue[],
  target: number | null,
  width: number,
  height: number,
  pad = 3,
): SparklineGeometry {
  if (values.length === 0) return { points: '', last: null, targetY: null };
  const numbers = values.map((v) => v.value);
  const all = target === null ? numbers : [...numbers, target];
  const min = Math.min(...all);
  const max = Math.max(...all);
  const span = max - min || 1;
  const y = (value: number) =>
    max === min ? height / 2 : pad + (1 - (value - min) / span) * (height - 2 * pad);
  const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  const coords = numbers.map((value, index) => ({
    x: values.length > 1 ? pad + index * step : width / 2,
    y: y(value),
  }));
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    points: coords.map((c) => `${round(c.x)},${round(c.y)}`).join(' '),
    last: coords[coords.length - 1] ?? null,
    targetY: target === null ? null : round(y(target)),
  };
}
