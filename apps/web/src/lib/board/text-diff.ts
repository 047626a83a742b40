export interface TextEdit {
  /** Where the change starts, in UTF-16 code units. */
  readonly index: number;
  readonly remove: number;
  readonly insert: string;
}

/**
 * The smallest single edit that turns `before` into `after` (common prefix and suffix
 * kept). Typing, pasting and deleting a selection are all one such edit.
 *
 * `caret` is where the caret is in `after`. A repeated letter makes the edit ambiguous
 * ("aa" → "aaa" can be an insert at 0, 1 or 2), and when someone else types at the same
 * place the choice decides whose letters the new one joins: the edit that ends at the
 * caret is the one the person made, so it wins whenever it explains the change.
 */
export function diffText(before: string, after: string, caret?: number): TextEdit | null {
  if (before === after) return null;
  return (caret === undefined ? null : endingAt(before, after, caret)) ?? greedy(before, after);
}

/** The edit whose inserted text ends exactly at `caret`, if there is one. */
function endingAt(before: string, after: string, caret: number): TextEdit | null {
  const tail = after.length - caret;
  if (caret < 0 || tail < 0 || tail > before.length) return null;
  if (!before.endsWith(after.slice(caret))) return null;
  const keptEnd = before.length - tail;
  let start = 0;
  const shortest = Math.min(keptEnd, caret);
  while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  start = outsidePair(before, start);
  if (isLowSurrogate(before.charCodeAt(keptEnd)) || isLowSurrogate(after.charCodeAt(caret))) {
    return null;
  }
  return { index: start, remove: keptEnd - start, insert: after.slice(start, caret) };
}

function greedy(before: string, after: string): TextEdit {
  let start = 0;
  const shortest = Math.min(before.length, after.length);
  while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  start = outsidePair(before, start);
  let end = 0;
  while (
    end < shortest - start &&
    before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
  ) {
    end++;
  }
  // Never split a surrogate pair: an emoji is one edit or none.
  if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end--;
  return {
    index: start,
    remove: before.length - start - end,
    insert: after.slice(start, after.length - end),
  };
}

/** Moves `index` back off the middle of a surrogate pair. */
function outsidePair(text: string, index: number): number {
  return index > 0 && isHighSurrogate(text.charCodeAt(index - 1)) ? index - 1 : index;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
