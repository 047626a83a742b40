import { RATING_MAX, RATING_MIN, type Initiative } from '@journeyboard/model';

export interface MatrixPoint {
  readonly initiative: Initiative;
  /** Percent of the width: effort, low on the left. */
  readonly x: number;
  /** Percent of the height: impact, high at the top. */
  readonly y: number;
  /** The title goes towards the middle, so a point at the edge keeps it inside the plot. */
  readonly labelSide: 'left' | 'right';
  /** Percent of the width the point and its title may take on that side. */
  readonly labelRoom: number;
}

const MARGIN_X = 6;
/** Larger: the quadrant names sit in bands along the top and bottom edges. */
const MARGIN_Y = 14;
const MAX_LABEL_WIDTH = 45;
/** Kept free between a title and the plot's edge. */
const EDGE_GAP = 2;
const SPAN_X = 100 - 2 * MARGIN_X;
const SPAN_Y = 100 - 2 * MARGIN_Y;

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

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
    const x = clamp(
      MARGIN_X + ((initiative.effort - RATING_MIN) / range) * SPAN_X + Math.cos(angle) * radius,
      EDGE_GAP,
      100 - EDGE_GAP,
    );
    const y = clamp(
      MARGIN_Y + ((RATING_MAX - initiative.impact) / range) * SPAN_Y + Math.sin(angle) * radius,
      MARGIN_Y / 2,
      100 - MARGIN_Y / 2,
    );
    const labelSide = x > 50 ? 'left' : 'right';
    const room = labelSide === 'right' ? 100 - x : x;
    return {
      initiative,
      x,
      y,
      labelSide,
      labelRoom: Math.min(MAX_LABEL_WIDTH, room - EDGE_GAP),
    };
  });
}
