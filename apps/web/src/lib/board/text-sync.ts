import * as Y from 'yjs';
import { diffText } from './text-diff.ts';

/** What a text field shows: its value and its selection (anchor at start, head at end). */
export interface FieldState {
  readonly value: string;
  readonly selectionStart: number;
  readonly selectionEnd: number;
}

interface Composition {
  /** The field's value when the composition started, in step with the text then. */
  readonly before: string;
  readonly from: number;
  readonly to: number;
  /** Where the composition replaces text, anchored to the letters around it. */
  readonly start: Y.RelativePosition;
  readonly end: Y.RelativePosition;
}

/**
 * Keeps one text field and one Y.Text in step, without the DOM (the binding in
 * text-binding.ts feeds it events). The rule that makes two people typing at the same
 * place keep their own words whole: the caret is anchored to the letter on its *left*
 * (association -1). Anchored to the right, as a default relative position is, a letter
 * someone else types at the caret lands before it, the caret jumps past that letter, and
 * the next key lands after the other person's letter: "o(nV imsoab…".
 */
export class TextSync {
  readonly #text: Y.Text;
  readonly #doc: Y.Doc;
  readonly #origin: unknown;
  #anchor: Y.RelativePosition | null = null;
  #head: Y.RelativePosition | null = null;
  #composition: Composition | null = null;

  constructor(text: Y.Text, origin: unknown) {
    if (!text.doc) throw new Error('TextSync: the Y.Text is not in a document');
    this.#text = text;
    this.#doc = text.doc;
    this.#origin = origin;
  }

  get value(): string {
    return this.#text.toJSON();
  }

  get composing(): boolean {
    return this.#composition !== null;
  }

  /** The person moved the caret or the selection. */
  select(field: FieldState): void {
    if (this.#composition) return;
    const collapsed = field.selectionStart === field.selectionEnd;
    // A selection keeps to its own letters: text typed at either edge stays outside it.
    this.#anchor = this.#relative(field.selectionStart, collapsed ? -1 : 0);
    this.#head = this.#relative(field.selectionEnd, -1);
  }

  /** The person typed, deleted or pasted; the field was in step with the text before. */
  input(field: FieldState): void {
    if (this.#composition) return;
    const edit = diffText(this.value, field.value, field.selectionEnd);
    if (edit) {
      this.#doc.transact(() => {
        if (edit.remove > 0) this.#text.delete(edit.index, edit.remove);
        if (edit.insert) this.#text.insert(edit.index, edit.insert);
      }, this.#origin);
    }
    this.select(field);
  }

  /**
   * An IME composition starts. The field belongs to the IME until it ends, so changes from
   * others wait; the composed text then goes where the composition started.
   */
  startComposition(field: FieldState): void {
    if (this.#composition) return;
    const from = Math.min(field.selectionStart, field.selectionEnd);
    const to = Math.max(field.selectionStart, field.selectionEnd);
    this.#composition = {
      before: field.value,
      from,
      to,
      start: this.#relative(from, -1),
      end: this.#relative(to, 0),
    };
  }

  endComposition(field: FieldState): void {
    const composition = this.#composition;
    if (!composition) return;
    this.#composition = null;
    const { before, from, to } = composition;
    const keptTail = before.length - to;
    const untouched =
      field.value.length >= from + keptTail &&
      field.value.startsWith(before.slice(0, from)) &&
      field.value.endsWith(before.slice(to));
    if (!untouched) {
      // Something besides the IME changed the field: fall back to the plain diff.
      this.input(field);
      return;
    }
    const composed = field.value.slice(from, field.value.length - keptTail);
    const start = this.#absolute(composition.start);
    const end = this.#absolute(composition.end);
    if (start === null || end === null) return;
    this.#doc.transact(() => {
      if (to > from && end > start) this.#text.delete(start, end - start);
      if (composed) this.#text.insert(start, composed);
    }, this.#origin);
    const caret = this.#relative(start + composed.length, -1);
    this.#anchor = caret;
    this.#head = caret;
  }

  /**
   * What the field should show after the text changed: the text, with the remembered
   * selection mapped onto it. Null while a composition owns the field or when nothing
   * differs.
   */
  view(field: FieldState): FieldState | null {
    if (this.#composition) return null;
    const value = this.value;
    if (value === field.value) return null;
    const start = this.#anchor ? this.#absolute(this.#anchor) : null;
    const end = this.#head ? this.#absolute(this.#head) : null;
    if (start === null || end === null) {
      return { value, selectionStart: value.length, selectionEnd: value.length };
    }
    return { value, selectionStart: start, selectionEnd: Math.max(start, end) };
  }

  #relative(index: number, assoc: number): Y.RelativePosition {
    const clamped = Math.max(0, Math.min(index, this.#text.length));
    return Y.createRelativePositionFromTypeIndex(this.#text, clamped, assoc);
  }

  #absolute(position: Y.RelativePosition): number | null {
    return Y.createAbsolutePositionFromRelativePosition(position, this.#doc)?.index ?? null;
  }
}
