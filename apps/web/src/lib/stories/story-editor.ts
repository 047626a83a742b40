import type Quill from 'quill';
import type { QuillBinding } from 'y-quill';
import type * as Y from 'yjs';
import { STORY_TEXT_FORMATS } from '@journeyboard/model';

/** The formats that belong to a whole line (its newline) rather than to characters. */
const BLOCK_FORMATS = ['header', 'list', 'blockquote'] as const;

export interface StoryEditorOptions {
  placeholder: string;
  readonly: boolean;
  /** Longest text, in UTF-16 code units; what goes past it is cut off and reported. */
  maxLength: number;
  /** Quill's own undo is off: the story's undo also brings back highlights. */
  onundo: () => void;
  onredo: () => void;
  /** y-quill writes with the binding as origin; the story's undo must track it. */
  ontrackorigin: (origin: unknown, track: boolean) => void;
  /** The text was longer than `maxLength` and was cut. */
  ontruncated: () => void;
}

export interface StoryEditor {
  readonly quill: Quill;
  /** The story text the editor is bound to. */
  readonly text: Y.Text;
  setReadonly(readonly: boolean): void;
  destroy(): void;
}

/**
 * A Quill editor bound to the story's Y.Text. Quill is loaded on first use: it is large,
 * only the story panel needs it, and it touches `document` as it loads (no SSR).
 * Its formats are the model's STORY_TEXT_FORMATS, none of which takes a place in the
 * text, so Quill's indexes, the Y.Text's and the highlights' are the same numbers.
 */
export async function createStoryEditor(
  host: HTMLElement,
  text: Y.Text,
  options: StoryEditorOptions,
): Promise<StoryEditor> {
  const [{ default: QuillEditor }, { QuillBinding: Binding }] = await Promise.all([
    import('quill'),
    import('y-quill'),
  ]);
  const quill = new QuillEditor(host, {
    formats: [...STORY_TEXT_FORMATS],
    placeholder: options.placeholder,
    readOnly: options.readonly,
    modules: { history: { maxStack: 0, userOnly: true } },
  });
  const binding: QuillBinding = new Binding(text, quill);
  options.ontrackorigin(binding, true);

  // Formatting the last line appends its newline to the Y.Text. On the other screens
  // y-quill inserts that newline before Quill's own closing one, which leaves an empty
  // line that the formatting screen does not have. Fold the two, silently: the Y.Text
  // already holds the right text, only this view differs.
  const foldClosingLine = (_delta: unknown, _old: unknown, source: unknown) => {
    const length = quill.getLength();
    if (source !== binding || length !== text.length + 1 || length < 2) return;
    const [last] = quill.getLine(length - 1);
    const formats = quill.getFormat(length - 2, 1);
    const block = Object.fromEntries(
      BLOCK_FORMATS.flatMap((name) => (name in formats ? [[name, formats[name]]] : [])),
    );
    if (!last || last.length() !== 1 || Object.keys(block).length === 0) return;
    quill.deleteText(length - 2, 1, 'silent');
    quill.formatLine(length - 2, 1, block, 'silent');
  };
  quill.on('text-change', foldClosingLine);

  const cutOverflow = (_delta: unknown, _old: unknown, source: string) => {
    // Quill counts its own final newline.
    const excess = quill.getLength() - 1 - options.maxLength;
    if (source !== 'user' || excess <= 0) return;
    quill.deleteText(options.maxLength, excess, 'user');
    options.ontruncated();
  };
  quill.on('text-change', cutOverflow);

  // Capture phase: the story's undo runs instead of Quill's key bindings and menu undo.
  const keys = (event: KeyboardEvent) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key !== 'z' && key !== 'y') return;
    event.preventDefault();
    event.stopPropagation();
    if (key === 'y' || event.shiftKey) options.onredo();
    else options.onundo();
  };
  const menuUndo = (event: InputEvent) => {
    if (event.inputType !== 'historyUndo' && event.inputType !== 'historyRedo') return;
    event.preventDefault();
    event.stopPropagation();
    if (event.inputType === 'historyUndo') options.onundo();
    else options.onredo();
  };
  host.addEventListener('keydown', keys, true);
  host.addEventListener('beforeinput', menuUndo, true);

  return {
    quill,
    text,
    setReadonly: (readonly) => quill.enable(!readonly),
    destroy() {
      host.removeEventListener('keydown', keys, true);
      host.removeEventListener('beforeinput', menuUndo, true);
      quill.off('text-change', cutOverflow);
      quill.off('text-change', foldClosingLine);
      binding.destroy();
      options.ontrackorigin(binding, false);
    },
  };
}
