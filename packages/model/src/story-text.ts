import type * as Y from 'yjs';

/**
 * What a story's rich text may carry: inline marks and block kinds, stored as Y.Text
 * formatting attributes. None of them takes a place in the text (no embeds), so an
 * offset into the formatted text is the same offset into `toString()`, which is what
 * highlights, quotes and exports use.
 */
export const STORY_TEXT_FORMATS = [
  'bold',
  'italic',
  'underline',
  'strike',
  'link',
  'header',
  'list',
  'blockquote',
] as const;

export type StoryTextFormat = (typeof STORY_TEXT_FORMATS)[number];
type FormatValue = string | number | boolean;

/** One run of text and its formatting, as Y.Text's (and Quill's) delta writes it. */
export interface RichTextRun {
  insert: string;
  attributes?: Record<string, FormatValue>;
}

function isFormatValue(value: unknown): value is FormatValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * The text's runs when any of it is formatted, else null (plain text travels as a
 * string). Embeds, which the model never writes, are left out like `toString` does.
 */
export function readRichText(text: Y.Text): RichTextRun[] | null {
  const runs: RichTextRun[] = [];
  let formatted = false;
  for (const op of text.toDelta() as { insert?: unknown; attributes?: unknown }[]) {
    if (typeof op.insert !== 'string') continue;
    const attributes: Record<string, FormatValue> = {};
    for (const [key, value] of Object.entries((op.attributes ?? {}) as Record<string, unknown>)) {
      if (isFormatValue(value)) attributes[key] = value;
    }
    if (Object.keys(attributes).length === 0) runs.push({ insert: op.insert });
    else {
      formatted = true;
      runs.push({ insert: op.insert, attributes });
    }
  }
  return formatted ? runs : null;
}

/**
 * Gives `target` the formatting of `source` where both hold the same characters (after
 * a restore has made their plain text equal): every run gets exactly the source's
 * attributes, and any other attribute in use is cleared.
 */
export function copyFormatting(target: Y.Text, source: Y.Text): void {
  if (target.toJSON() !== source.toJSON()) return;
  const runs = readRichText(source) ?? [{ insert: source.toJSON() }];
  const keys = new Set<string>();
  for (const run of [...runs, ...(readRichText(target) ?? [])]) {
    for (const key of Object.keys(run.attributes ?? {})) keys.add(key);
  }
  if (keys.size === 0) return;
  let index = 0;
  for (const run of runs) {
    const attributes: Record<string, FormatValue | null> = {};
    for (const key of keys) attributes[key] = run.attributes?.[key] ?? null;
    target.format(index, run.insert.length, attributes);
    index += run.insert.length;
  }
}
