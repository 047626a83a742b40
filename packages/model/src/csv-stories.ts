import type * as Y from 'yjs';
import { CsvError, type CsvRowError } from './csv-errors.ts';
import { isEvidenceError } from './evidence-errors.ts';
import { labelField, stagesMap, eachEntity } from './schema.ts';
import { addStories, checkStoryInput, type StoryInput } from './stories.ts';
import { STORY_SOURCES, type StorySource } from './stories-types.ts';
import type { Actor } from './types.ts';

/** The story fields a column can fill. */
export const CSV_FIELDS = [
  'title',
  'source',
  'customer',
  'date',
  'persona',
  'body',
  'stages',
] as const;

export type CsvField = (typeof CSV_FIELDS)[number];

/** Column index per field; absent fields are not imported. */
export type CsvMapping = Partial<Record<CsvField, number>>;

export interface CsvTable {
  readonly headers: readonly string[];
  /** Data rows (without the header), each as many cells as the header (padded). */
  readonly rows: readonly (readonly string[])[];
  readonly encoding: 'utf-8' | 'windows-1252';
  readonly notice: string | null;
}

const SYNONYMS: Record<CsvField, readonly string[]> = {
  title: ['title', 'subject', 'summary', 'name', 'headline'],
  source: ['source', 'type', 'channel', 'kind', 'origin'],
  customer: ['customer', 'segment', 'company', 'account', 'client', 'organisation', 'organization'],
  date: ['date', 'created', 'created at', 'when', 'day'],
  persona: ['persona', 'role', 'profile'],
  body: [
    'body',
    'text',
    'story',
    'notes',
    'note',
    'description',
    'verbatim',
    'content',
    'transcript',
  ],
  stages: ['stage', 'stages', 'journey stage', 'phase'],
};

const normalise = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

/** A first guess at which column is which, from the header names; the user corrects it. */
export function guessCsvMapping(headers: readonly string[]): CsvMapping {
  const mapping: CsvMapping = {};
  const taken = new Set<number>();
  for (const field of CSV_FIELDS) {
    const index = headers.findIndex(
      (header, i) => !taken.has(i) && SYNONYMS[field].includes(normalise(header)),
    );
    if (index !== -1) {
      mapping[field] = index;
      taken.add(index);
    }
  }
  return mapping;
}

const SOURCE_WORDS: Record<string, StorySource> = {
  interview: 'interview',
  'user interview': 'interview',
  'customer interview': 'interview',
  'support ticket': 'support-ticket',
  support: 'support-ticket',
  ticket: 'support-ticket',
  survey: 'survey',
  nps: 'survey',
  'sales call': 'sales-call',
  sales: 'sales-call',
  call: 'sales-call',
  other: 'other',
};

function parseSource(value: string): StorySource | null {
  if (!value.trim()) return 'other';
  const key = normalise(value);
  if ((STORY_SOURCES as readonly string[]).includes(value.trim()))
    return value.trim() as StorySource;
  return SOURCE_WORDS[key] ?? null;
}

/** Accepts `YYYY-MM-DD` and `YYYY/MM/DD`; other shapes are ambiguous (day/month order). */
function parseDate(value: string): string | null | undefined {
  const trimmed = value.trim();
  if (!trimmed) return null;
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ].*)?$/.exec(trimmed);
  if (!match) return undefined;
  return `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
}

export interface StoriesImportPlan {
  readonly stories: readonly StoryInput[];
  /** Every bad row with a reason; an import with any of these writes nothing. */
  readonly errors: readonly CsvRowError[];
}

/** Turns the table's rows into stories, checking each row the way the write will. */
export function planStoriesImport(
  doc: Y.Doc,
  table: CsvTable,
  mapping: CsvMapping,
): StoriesImportPlan {
  if (mapping.title === undefined) {
    return { stories: [], errors: [{ row: 1, message: 'Choose which column holds the title.' }] };
  }
  const stageByName = new Map<string, string>();
  eachEntity(stagesMap(doc), (stage, id) => {
    const name = labelField(stage, 'name');
    if (name) stageByName.set(normalise(name), id);
  });
  const cell = (row: readonly string[], field: CsvField) =>
    mapping[field] === undefined ? '' : (row[mapping[field]] ?? '');
  const stories: StoryInput[] = [];
  const errors: CsvRowError[] = [];
  table.rows.forEach((row, index) => {
    const line = index + 2;
    const problems: string[] = [];
    const source = parseSource(cell(row, 'source'));
    if (!source) {
      problems.push(
        `unknown source “${cell(row, 'source')}” (use interview, support ticket, survey, sales call or other)`,
      );
    }
    const date = parseDate(cell(row, 'date'));
    if (date === undefined) problems.push(`date “${cell(row, 'date')}” is not YYYY-MM-DD`);
    const stageIds: string[] = [];
    for (const name of cell(row, 'stages')
      .split(/[;|]/)
      .map((s) => s.trim())
      .filter(Boolean)) {
      const id = stageByName.get(normalise(name));
      if (id) stageIds.push(id);
      else problems.push(`no stage named “${name}” on this board`);
    }
    const input: StoryInput = {
      title: cell(row, 'title'),
      source: source ?? 'other',
      customer: cell(row, 'customer'),
      date: date ?? null,
      persona: cell(row, 'persona'),
      body: cell(row, 'body'),
      stageIds,
    };
    try {
      checkStoryInput(doc, input);
    } catch (error) {
      if (!isEvidenceError(error)) throw error;
      problems.push(error.message);
    }
    if (problems.length > 0) errors.push({ row: line, message: problems.join('; ') });
    else stories.push(input);
  });
  return { stories, errors };
}

/**
 * Imports every row as a story in one transaction, or nothing: any bad row throws a
 * CsvError listing all of them before the document is touched.
 */
export function importStoriesCsv(
  doc: Y.Doc,
  table: CsvTable,
  mapping: CsvMapping,
  actor: Actor,
): string[] {
  const plan = planStoriesImport(doc, table, mapping);
  if (plan.errors.length > 0) {
    const count = plan.errors.length;
    throw new CsvError(
      'invalid-rows',
      `${count} row${count === 1 ? '' : 's'} cannot be imported; nothing was imported.`,
      plan.errors,
    );
  }
  return addStories(doc, plan.stories, actor);
}
