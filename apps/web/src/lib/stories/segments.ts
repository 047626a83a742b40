import type { Annotation, AnnotationTag } from '@journeyboard/model';

export interface Segment {
  readonly text: string;
  /** Highlights covering this piece of text, the narrowest first. */
  readonly annotations: readonly Annotation[];
}

/**
 * Cuts the body into runs of text covered by the same set of highlights, for drawing
 * overlapping highlights behind the text.
 */
export function segmentBody(body: string, annotations: readonly Annotation[]): Segment[] {
  const live = annotations.filter((a) => !a.orphaned && a.end <= body.length && a.start < a.end);
  const cuts = new Set([0, body.length]);
  for (const a of live) {
    cuts.add(a.start);
    cuts.add(a.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const from = points[i]!;
    const to = points[i + 1]!;
    if (from === to) continue;
    const covering = live
      .filter((a) => a.start <= from && a.end >= to)
      .sort((a, b) => a.end - a.start - (b.end - b.start));
    segments.push({ text: body.slice(from, to), annotations: covering });
  }
  return segments;
}

export const TAG_LABELS: Readonly<Record<AnnotationTag, string>> = {
  pain: 'Pain',
  delight: 'Delight',
  friction: 'Friction',
  quote: 'Quote',
  idea: 'Idea',
};
