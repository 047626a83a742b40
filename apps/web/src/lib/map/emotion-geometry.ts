import { EMOTION_MAX, EMOTION_MIN } from '@journeyboard/model';

/** Height of the emotion lane's plot, in map px. */
export const CURVE_HEIGHT = 150;
const PAD = 22;

/** Vertical position (map px from the top of the lane) of a score. */
export function scoreToY(score: number): number {
  const span = EMOTION_MAX - EMOTION_MIN;
  return PAD + ((EMOTION_MAX - score) / span) * (CURVE_HEIGHT - 2 * PAD);
}

/** The score under a point `fraction` (0 = top, 1 = bottom) of the lane's height. */
export function fractionToScore(fraction: number): number {
  const y = fraction * CURVE_HEIGHT;
  const span = EMOTION_MAX - EMOTION_MIN;
  const score = EMOTION_MAX - ((y - PAD) / (CURVE_HEIGHT - 2 * PAD)) * span;
  return Math.min(EMOTION_MAX, Math.max(EMOTION_MIN, Math.round(score)));
}

/**
 * A smooth path through the points (Catmull-Rom turned into cubic Béziers), so the
 * curve reads as a journey rather than a zig-zag.
 */
export function smoothPath(points: readonly { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  const [first] = points;
  if (!first) return '';
  let path = `M${first.x},${first.y}`;
  for (let i = 0; i < points.length - 1; i++) {
    const p0 = points[i - 1] ?? points[i]!;
    const p1 = points[i]!;
    const p2 = points[i + 1]!;
    const p3 = points[i + 2] ?? p2;
    const c1x = p1.x + (p2.x - p0.x) / 6;
    const c1y = p1.y + (p2.y - p0.y) / 6;
    const c2x = p2.x - (p3.x - p1.x) / 6;
    const c2y = p2.y - (p3.y - p1.y) / 6;
    path += ` C${c1x},${c1y} ${c2x},${c2y} ${p2.x},${p2.y}`;
  }
  return path;
}

const MOODS: Record<number, string> = {
  [-3]: 'Very frustrated',
  [-2]: 'Frustrated',
  [-1]: 'Uneasy',
  0: 'Neutral',
  1: 'Content',
  2: 'Happy',
  3: 'Delighted',
};

/** The word shown beside a point of the emotion curve, so it reads without a legend. */
export function moodOf(score: number): string {
  return MOODS[score] ?? '';
}
