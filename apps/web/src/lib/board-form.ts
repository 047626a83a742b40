import { LIMITS } from '@journeyboard/model';
import { isTemplateId, DEFAULT_TEMPLATE, type TemplateId } from './templates.ts';

export const TITLE_MAX_LENGTH = LIMITS.title;

export interface BoardFormValues {
  title: string;
  template: string;
}

export interface BoardFormErrors {
  title?: string;
  template?: string;
}

export type BoardFormResult =
  | { ok: true; title: string; template: TemplateId; examples: boolean }
  | { ok: false; values: BoardFormValues; errors: BoardFormErrors };

/** Collapses runs of whitespace so a title cannot be blank-looking or multi-line. */
export function normaliseTitle(raw: string): string {
  return raw.replace(/\s+/g, ' ').trim();
}

export function validateTitle(title: string): string | undefined {
  if (title.length === 0) return 'Give the board a title.';
  if (title.length > TITLE_MAX_LENGTH) {
    return `Keep the title under ${TITLE_MAX_LENGTH} characters (it has ${title.length}).`;
  }
  return undefined;
}

export function parseBoardForm(data: FormData): BoardFormResult {
  const rawTitle = data.get('title');
  const rawTemplate = data.get('template') ?? DEFAULT_TEMPLATE;
  const values: BoardFormValues = {
    title: typeof rawTitle === 'string' ? rawTitle : '',
    template: typeof rawTemplate === 'string' ? rawTemplate : '',
  };
  const title = normaliseTitle(values.title);
  const errors: BoardFormErrors = {};
  const titleError = validateTitle(title);
  if (titleError) errors.title = titleError;
  if (!isTemplateId(values.template)) errors.template = 'Choose one of the templates.';
  if (errors.title || errors.template || !isTemplateId(values.template)) {
    return { ok: false, values, errors };
  }
  // A checkbox: present ("on") only when ticked.
  return { ok: true, title, template: values.template, examples: data.get('examples') === 'on' };
}
