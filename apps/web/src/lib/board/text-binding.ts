import * as Y from 'yjs';

export interface TextEdit {
  /** Where the change starts, in UTF-16 code units. */
  readonly index: number;
  readonly remove: number;
  readonly insert: string;
}

/**
 * The smallest single edit that turns `before` into `after` (common prefix and suffix
 * kept). Typing, pasting and deleting a selection are all one such edit, and keeping it
 * minimal is what lets two people type in the same card without overwriting each other.
 */
export function diffText(before: string, after: string): TextEdit | null {
  if (before === after) return null;
  let start = 0;
  const shortest = Math.min(before.length, after.length);
  while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  // Never split a surrogate pair: an emoji is one edit or none.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  let end = 0;
  while (
    end < shortest - start &&
    before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
  ) {
    end++;
  }
  if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end--;
  return {
    index: start,
    remove: before.length - start - end,
    insert: after.slice(start, after.length - end),
  };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

export interface TextBindingOptions {
  /** The transaction origin of local edits: the user's actor, so undo stays per user. */
  origin: unknown;
  /** Called after the field's value changed because of someone else (or undo). */
  onremotechange?: () => void;
}

type Field = HTMLTextAreaElement | HTMLInputElement;

/**
 * Two-way binding of a textarea (or input) to a Y.Text. Local input becomes the minimal
 * insert/delete in one transaction; a remote change rewrites the field and puts the
 * caret and selection back where they were *relative to the text around them*, using
 * Y.RelativePositions captured before the change arrived.
 */
export function bindText(field: Field, text: Y.Text, options: TextBindingOptions): () => void {
  const doc = text.doc;
  if (!doc) throw new Error('bindText: the Y.Text is not in a document');
  let composing = false;
  let anchor: Y.RelativePosition | null = null;
  let head: Y.RelativePosition | null = null;

  const remember = () => {
    if (field.ownerDocument.activeElement !== field) return;
    anchor = Y.createRelativePositionFromTypeIndex(text, field.selectionStart ?? 0);
    head = Y.createRelativePositionFromTypeIndex(text, field.selectionEnd ?? 0);
  };

  const push = () => {
    const edit = diffText(text.toJSON(), field.value);
    if (!edit) return;
    doc.transact(() => {
      if (edit.remove > 0) text.delete(edit.index, edit.remove);
      if (edit.insert) text.insert(edit.index, edit.insert);
    }, options.origin);
    remember();
  };

  const pull = () => {
    const value = text.toJSON();
    if (field.value === value) return;
    const focused = field.ownerDocument.activeElement === field;
    field.value = value;
    if (focused && anchor && head) {
      const start = Y.createAbsolutePositionFromRelativePosition(anchor, doc);
      const end = Y.createAbsolutePositionFromRelativePosition(head, doc);
      if (start && end) field.setSelectionRange(start.index, end.index);
    }
    options.onremotechange?.();
  };

  const onInput = () => {
    if (!composing) push();
  };
  const onCompositionStart = () => (composing = true);
  const onCompositionEnd = () => {
    composing = false;
    push();
  };
  // Our own edits leave the field equal to the text, so pull() is a no-op for them.
  const observer = () => {
    // An IME composition owns the field until it ends; its result then merges by diff.
    if (composing) return;
    pull();
  };

  field.value = text.toJSON();
  const events: [string, () => void][] = [
    ['input', onInput],
    ['compositionstart', onCompositionStart],
    ['compositionend', onCompositionEnd],
    ['select', remember],
    ['keyup', remember],
    ['pointerup', remember],
    ['focus', remember],
    ['selectionchange', remember],
  ];
  for (const [name, handler] of events) field.addEventListener(name, handler);
  text.observe(observer);
  return () => {
    for (const [name, handler] of events) field.removeEventListener(name, handler);
    text.unobserve(observer);
  };
}
