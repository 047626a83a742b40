import type { AnnotationTag } from '@journeyboard/model';

export const TAG_LABELS: Readonly<Record<AnnotationTag, string>> = {
  pain: 'Pain',
  delight: 'Delight',
  friction: 'Friction',
  quote: 'Quote',
  idea: 'Idea',
};
