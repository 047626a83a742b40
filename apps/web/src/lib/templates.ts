import { TEMPLATES, type TemplateId, type TemplateInfo } from '@journeyboard/model';

export type { TemplateId };

export const DEFAULT_TEMPLATE: TemplateId = 'starter';

/** The model's templates, the default first: it is the one most people want. */
export const TEMPLATE_OPTIONS: readonly TemplateInfo[] = TEMPLATES.toSorted(
  (a, b) => Number(b.id === DEFAULT_TEMPLATE) - Number(a.id === DEFAULT_TEMPLATE),
);

export function isTemplateId(value: unknown): value is TemplateId {
  return TEMPLATES.some((template) => template.id === value);
}
