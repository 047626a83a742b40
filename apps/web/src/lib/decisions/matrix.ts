import { RATING_MAX, RATING_MIN, type Initiative } from '@journeyboard/model';

export interface MatrixPoint {
  readonly initiative: Initiative;
  /** Percent of the width: effort, low on the left. */
  readonly x: number;
  /** Percent of the height: impact, high at the top. */
  readonly y: number;
}

const MARGIN = 6;
const SPAN = 100 - 2 * MARGIN;

/**
 * Places initiatives on the value/effort matrix. Initiatives with the same ratings would
 * sit on one another: they fan out around their shared point so each stays clickable.
 */
export function matrixLayout(initiatives: readonly Initiative[]): MatrixPoint[] {
  const seen = new Map<string, number>();
  const range = RATING_MAX - RATING_MIN;
  return initiatives.map((initiative) => {
    const key = `${initiative.impact}:${initiative.effort}`;
    const nth = seen.get(key) ?? 0;
    seen.set(key, nth + 1);
    const angle = nth * 2.4;
    const radius = nth === 0 ? 0 : 4 + nth * 1.5;
    return {
      initiative,
      x: MARGIN + ((initiative.effort - RATING_MIN) / range) * SPAN + Math.cos(angle) * radius,
      y: MARGIN + ((RATING_MAX - initiative.impact) / range) * SPAN + Math.sin(angle) * radius,
    };
  });
}
