import { EvidenceError } from './evidence-errors.ts';
import { LIMITS } from './validate.ts';
import { STORY_SOURCES, type StorySource } from './stories-types.ts';

/** Length limits of evidence, in UTF-16 code units. */
export const EVIDENCE_LIMITS = {
  storyTitle: LIMITS.title,
  customer: 200,
  persona: LIMITS.name,
  storyBody: 100_000,
  note: 2_000,
  comment: 5_000,
  mentions: 50,
} as const;

export function checkStoryTitle(value: unknown): string {
  if (typeof value !== 'string') throw new EvidenceError('invalid-text', 'title must be text');
  const title = value.trim();
  if (!title) throw new EvidenceError('invalid-text', 'a story needs a title');
  if (title.length > EVIDENCE_LIMITS.storyTitle) {
    throw new EvidenceError(
      'invalid-text',
      `title is longer than ${EVIDENCE_LIMITS.storyTitle} characters`,
    );
  }
  return title;
}

export function checkLine(value: unknown, what: string, max: number): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new EvidenceError('invalid-text', `${what} must be text`);
  const line = value.trim();
  if (line.length > max) {
    throw new EvidenceError('invalid-text', `${what} is longer than ${max} characters`);
  }
  return line;
}

export function checkFreeText(value: unknown, what: string, max: number): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new EvidenceError('invalid-text', `${what} must be text`);
  if (value.length > max) {
    throw new EvidenceError('invalid-text', `${what} is longer than ${max} characters`);
  }
  return value;
}

export function isStorySource(value: unknown): value is StorySource {
  return typeof value === 'string' && (STORY_SOURCES as readonly string[]).includes(value);
}

export function checkSource(value: unknown): StorySource {
  if (value === undefined) return 'other';
  if (!isStorySource(value)) {
    throw new EvidenceError(
      'invalid-source',
      `source must be one of ${STORY_SOURCES.join(', ')}, not “${describe(value)}”`,
    );
  }
  return value;
}

/** A calendar date as `YYYY-MM-DD`; null or '' clears it. */
export function checkDate(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw new EvidenceError('invalid-date', `date must be YYYY-MM-DD, not “${describe(value)}”`);
  }
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    throw new EvidenceError('invalid-date', `${value} is not a calendar date`);
  }
  return value;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? typeof value);
}
