import { z } from 'zod';
import {
  BOARD_JSON_FORMAT,
  BOARD_JSON_VERSION,
  type BoardJson,
  type BoardJsonValue,
} from './board-json.ts';
import { SCHEMA_VERSION } from './schema.ts';
import { STORY_TEXT_FORMATS } from './story-text.ts';

/**
 * Limits on an imported board, checked before anything is built. They are far above
 * what a real board needs and low enough that a hostile file cannot exhaust memory or
 * the stack: the size is checked on the raw text, nesting, node count, string length and
 * collection size in one iterative walk (no recursion, so no stack overflow), and only
 * then does zod check the shape.
 */
export const BOARD_JSON_LIMITS = {
  /** UTF-16 code units of the whole file. */
  textLength: 25_000_000,
  depth: 40,
  /** Objects, arrays and primitives together. */
  nodes: 1_000_000,
  stringLength: 1_000_000,
  /** Keys of one object or items of one array. */
  collectionSize: 100_000,
  maps: 64,
  keyLength: 200,
} as const;

export type BoardJsonParseResult =
  { ok: true; value: BoardJson } | { ok: false; error: string; path: string };

const MAP_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const key = z.string().min(1, 'ids must not be empty').max(BOARD_JSON_LIMITS.keyLength);

const VALUE_ERROR =
  'expected a string, number, boolean, null, or one tagged value ($map, $text, $rich, $array, $json, $bytes, $anchor)';
const TAGS = new Set(['$map', '$text', '$rich', '$array', '$json', '$bytes', '$anchor']);

/** Checked by checkValues before zod runs; zod only sees its result. */
const value = z.custom<BoardJsonValue>(() => true);

const text = z.union(
  [z.strictObject({ $text: z.string() }), z.strictObject({ $rich: z.array(value) })],
  {
    error: 'expected a text ({ "$text": "..." } or { "$rich": [...] })',
  },
);

/** An entity of a known map: a $map with the fields every reader relies on. */
function entity(fields: Record<string, z.ZodType>) {
  return z.strictObject(
    { $map: z.object(fields).catchall(value) },
    { error: 'expected an entity ({ "$map": { ... } })' },
  );
}

const place = z.strictObject({
  $json: z.object({ laneId: z.string(), stageId: z.string(), order: z.string() }),
});

const label = z.union([z.string(), text], { error: 'expected a string or shared text' });

/** The maps the app reads by name; any other map only has to hold well-formed values. */
const KNOWN_MAPS: Record<string, z.ZodType> = {
  meta: z
    .object({
      // A plain string on boards from before titles were shared text.
      title: z.union([z.string(), text]).optional(),
      mission: text.optional(),
      schema: z.number().optional(),
    })
    .catchall(value),
  // Names are plain strings on boards from before they were shared text.
  stages: z.record(key, entity({ name: label, order: z.string() })),
  lanes: z.record(key, entity({ name: label, kind: z.string(), order: z.string() })),
  cards: z.record(key, entity({ place, text })),
  personas: z.record(key, entity({ name: label, order: z.string() })),
  stories: z.record(key, entity({ title: z.string(), body: text })),
  annotations: z.record(
    key,
    entity({
      storyId: z.string(),
      start: z.strictObject({ $anchor: z.number().int().nonnegative() }),
      end: z.strictObject({ $anchor: z.number().int().nonnegative() }),
    }),
  ),
  comments: z.record(key, entity({ targetKind: z.string(), targetId: z.string() })),
};

const envelope = z.object({
  format: z.literal(BOARD_JSON_FORMAT, {
    error: `not a Journeyboard export (format must be "${BOARD_JSON_FORMAT}")`,
  }),
  version: z.literal(BOARD_JSON_VERSION, {
    error: `unsupported version: this Journeyboard reads version ${BOARD_JSON_VERSION}`,
  }),
  schema: z
    .number()
    .int()
    .min(1)
    .max(SCHEMA_VERSION, `made by a newer Journeyboard (schema above ${SCHEMA_VERSION})`),
  exportedAt: z.string().max(100),
  board: z.strictObject({
    maps: z.record(z.string(), z.record(z.string(), value)).superRefine((maps, context) => {
      for (const [name, schema] of Object.entries(KNOWN_MAPS)) {
        if (!(name in maps)) continue;
        const result = schema.safeParse(maps[name]);
        for (const issue of result.error?.issues ?? []) {
          context.addIssue({ ...issue, path: [name, ...issue.path] });
        }
      }
    }),
  }),
});

/**
 * Parses and validates an uploaded board. On failure the error names the first bad
 * field (`board.maps.cards.c1.text: expected a text ...`), so a user can find it.
 */
export function parseBoardJson(raw: string): BoardJsonParseResult {
  if (raw.length > BOARD_JSON_LIMITS.textLength) {
    return fail('', `the file is larger than ${BOARD_JSON_LIMITS.textLength / 1_000_000} MB`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (error) {
    const reason = error instanceof RangeError ? 'it is nested too deeply' : 'it is not valid JSON';
    return fail('', `the file cannot be read: ${reason}`);
  }
  return validateBoardJson(data);
}

/** As parseBoardJson, for a value already parsed (e.g. by a JSON body reader). */
export function validateBoardJson(data: unknown): BoardJsonParseResult {
  const bounded = checkBounds(data);
  if (bounded) return fail(bounded.path, bounded.error);
  if (typeof data === 'object' && data !== null) {
    const maps = (data as { board?: { maps?: unknown } }).board?.maps;
    if (typeof maps === 'object' && maps !== null) {
      const count = Object.keys(maps).length;
      if (count > BOARD_JSON_LIMITS.maps) {
        return fail('board.maps', `more than ${BOARD_JSON_LIMITS.maps} maps (${count})`);
      }
    }
  }
  const result = envelope.safeParse(data);
  if (result.success) {
    // The raw input, not zod's copy: a copy drops keys like `__proto__` silently.
    const bad = checkValues((data as BoardJson).board.maps);
    if (bad) return fail(bad.path, bad.error);
  }
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  return fail(formatPath(issue?.path ?? []), readable(issue?.message ?? 'invalid board'));
}

/** zod's "Invalid input: expected object, received undefined" reads as "missing (…)". */
function readable(message: string): string {
  const missing = /^Invalid input: expected (\w+), received undefined$/.exec(message);
  if (missing) return `missing (expected ${missing[1]})`;
  return message.replace(/^Invalid input: /, '');
}

function fail(path: string, message: string): BoardJsonParseResult {
  return { ok: false, path, error: path ? `${path}: ${message}` : message };
}

function formatPath(path: readonly PropertyKey[]): string {
  const named = path.filter((segment) => segment !== '$map').map(String);
  // Issues from the per-map check are relative to board.maps.
  if (
    named[0] !== undefined &&
    !['format', 'version', 'schema', 'exportedAt', 'board'].includes(named[0])
  ) {
    named.unshift('board', 'maps');
  }
  return named.join('.');
}

/** Iterative walk: nesting, node count, string and collection sizes. */
function checkBounds(root: unknown): { path: string; error: string } | null {
  const limits = BOARD_JSON_LIMITS;
  const stack: { value: unknown; depth: number; path: string }[] = [
    { value: root, depth: 0, path: '' },
  ];
  let nodes = 0;
  while (stack.length > 0) {
    const { value: current, depth, path } = stack.pop()!;
    if (++nodes > limits.nodes) return { path, error: `more than ${limits.nodes} values` };
    if (typeof current === 'string') {
      if (current.length > limits.stringLength) {
        return { path, error: `text longer than ${limits.stringLength} characters` };
      }
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limits.depth) return { path, error: `nested deeper than ${limits.depth} levels` };
    const size = Array.isArray(current) ? current.length : Object.keys(current).length;
    if (size > limits.collectionSize) {
      return { path, error: `more than ${limits.collectionSize} entries` };
    }
    const entries = Array.isArray(current)
      ? current.map((item, index) => [String(index), item] as const)
      : Object.entries(current);
    // Pushed last to first, so the walk (and its first error) follows the file's order.
    for (const [name, child] of entries.reverse()) {
      if (name.length > limits.stringLength) return { path, error: 'a key is too long' };
      const segment = name === '$map' ? '' : name;
      const next = segment ? (path ? `${path}.${segment}` : segment) : path;
      stack.push({ value: child, depth: depth + 1, path: next });
    }
  }
  return null;
}

/**
 * Every value in the maps is a primitive or exactly one tag with the right content.
 * Iterative for the same reason as checkBounds; `$json` content is any JSON (bounded).
 */
function checkValues(
  maps: Record<string, Record<string, unknown>>,
): { path: string; error: string } | null {
  const stack: { value: unknown; path: string }[] = [];
  for (const name of Object.keys(maps).reverse()) {
    if (!MAP_NAME.test(name)) {
      return {
        path: `board.maps.${name}`,
        error: 'map names are letters, digits, _ and - (64 at most)',
      };
    }
  }
  for (const [name, entries] of Object.entries(maps).reverse()) {
    for (const [id, entry] of Object.entries(entries).reverse()) {
      stack.push({ value: entry, path: `board.maps.${name}.${id}` });
    }
  }
  // Keys are ids: checked where they are pushed.
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    const id = path.slice(path.lastIndexOf('.') + 1);
    if (id.length > BOARD_JSON_LIMITS.keyLength)
      return { path, error: 'an id is longer than 200 characters' };
    if (current === null || ['string', 'boolean'].includes(typeof current)) continue;
    if (typeof current === 'number') {
      if (!Number.isFinite(current)) return { path, error: 'expected a finite number' };
      continue;
    }
    if (typeof current !== 'object' || Array.isArray(current)) return { path, error: VALUE_ERROR };
    const keys = Object.keys(current);
    const tag = keys[0];
    if (keys.length !== 1 || tag === undefined || !TAGS.has(tag))
      return { path, error: VALUE_ERROR };
    const inner = (current as Record<string, unknown>)[tag];
    switch (tag) {
      case '$map':
        if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) {
          return { path, error: 'expected $map to hold an object' };
        }
        for (const [k, v] of Object.entries(inner).reverse())
          stack.push({ value: v, path: `${path}.${k}` });
        break;
      case '$array':
        if (!Array.isArray(inner)) return { path, error: 'expected $array to hold an array' };
        for (let i = inner.length - 1; i >= 0; i--)
          stack.push({ value: inner[i], path: `${path}.${i}` });
        break;
      case '$text':
        if (typeof inner !== 'string') return { path, error: 'expected $text to hold a string' };
        break;
      case '$rich': {
        const bad = checkRichText(inner);
        if (bad) return { path, error: bad };
        break;
      }
      case '$bytes':
        if (typeof inner !== 'string' || inner.length > 100_000 || !BASE64.test(inner)) {
          return { path, error: 'expected $bytes to hold base64 (100 kB at most)' };
        }
        break;
      case '$anchor':
        if (typeof inner !== 'number' || !Number.isInteger(inner) || inner < 0) {
          return { path, error: 'expected $anchor to be an index (a whole number, 0 or more)' };
        }
        break;
      default:
        break;
    }
  }
  return null;
}

const RICH_TEXT_ERROR =
  'expected $rich to hold runs: { "insert": "text", "attributes"?: { format: value } }';

/** A formatted text's runs: strings with known formats whose values are primitives. */
function checkRichText(runs: unknown): string | null {
  if (!Array.isArray(runs)) return RICH_TEXT_ERROR;
  for (const run of runs as unknown[]) {
    if (typeof run !== 'object' || run === null || Array.isArray(run)) return RICH_TEXT_ERROR;
    const { insert, attributes, ...rest } = run as Record<string, unknown>;
    if (typeof insert !== 'string' || Object.keys(rest).length > 0) return RICH_TEXT_ERROR;
    if (attributes === undefined) continue;
    if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
      return RICH_TEXT_ERROR;
    }
    for (const [name, format] of Object.entries(attributes)) {
      if (!(STORY_TEXT_FORMATS as readonly string[]).includes(name)) {
        return `unknown text format "${name}" (known: ${STORY_TEXT_FORMATS.join(', ')})`;
      }
      if (!['string', 'number', 'boolean'].includes(typeof format)) return RICH_TEXT_ERROR;
    }
  }
  return null;
}
