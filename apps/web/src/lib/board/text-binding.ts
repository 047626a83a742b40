import type * as Y from 'yjs';
import { TextSync, type FieldState } from './text-sync.ts';

export interface TextBindingOptions {
  /** The transaction origin of local edits: the user's actor, so undo stays per user. */
  origin: unknown;
  /** Called after the field's value changed because of someone else (or undo). */
  onremotechange?: () => void;
}

type Field = HTMLTextAreaElement | HTMLInputElement;

function stateOf(field: Field): FieldState {
  return {
    value: field.value,
    selectionStart: field.selectionStart ?? field.value.length,
    selectionEnd: field.selectionEnd ?? field.value.length,
  };
}

/**
 * Two-way binding of a textarea (or input) to a Y.Text: the DOM side of TextSync, which
 * holds the merge rules. Local input becomes the minimal insert/delete in one
 * transaction; a remote change rewrites the field and puts the caret back next to the
 * letters it was next to.
 */
export function bindText(field: Field, text: Y.Text, options: TextBindingOptions): () => void {
  const sync = new TextSync(text, options.origin);
  const focused = () => field.ownerDocument.activeElement === field;

  const remember = () => {
    if (focused()) sync.select(stateOf(field));
  };
  const pull = () => {
    const next = sync.view(stateOf(field));
    if (!next) return;
    const hadFocus = focused();
    field.value = next.value;
    if (hadFocus) field.setSelectionRange(next.selectionStart, next.selectionEnd);
    options.onremotechange?.();
  };

  const onInput = (event: Event) => {
    // Chrome sends input events while composing; the composition's end carries the result.
    if ((event as InputEvent).isComposing || sync.composing) return;
    sync.input(stateOf(field));
  };
  const onCompositionStart = () => sync.startComposition(stateOf(field));
  const onCompositionEnd = () => {
    sync.endComposition(stateOf(field));
    // Changes from others that waited for the composition show now.
    pull();
  };

  field.value = sync.value;
  const events: [string, (event: Event) => void][] = [
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
  // Our own edits leave the field equal to the text, so pull() is a no-op for them.
  text.observe(pull);
  return () => {
    for (const [name, handler] of events) field.removeEventListener(name, handler);
    text.unobserve(pull);
  };
}
