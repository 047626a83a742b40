import type Quill from 'quill';
import { ANNOTATION_TAGS, type Annotation, type AnnotationTag } from '@journeyboard/model';

/** The name a tag's highlights are registered under, for `::highlight(...)` in CSS. */
function highlightName(tag: AnnotationTag): string {
  return `jb-${tag}`;
}

/** The highlight drawn over the one the list points at. */
const ACTIVE_HIGHLIGHT = 'jb-active';

const NAMES = [...ANNOTATION_TAGS.map(highlightName), ACTIVE_HIGHLIGHT];

/** Chromium 105+, Safari 17.2+, Firefox 140+; without it the list still shows them. */
function canPaintHighlights(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight === 'function';
}

function rangeOf(quill: Quill, start: number, end: number): Range | null {
  const [startNode, startOffset, endNode, endOffset] = quill.selection.rangeToNative({
    index: start,
    length: end - start,
  });
  if (!startNode || !endNode) return null;
  const range = document.createRange();
  range.setStart(startNode, startOffset);
  range.setEnd(endNode, endOffset);
  return range;
}

/**
 * Paints the story's highlights over the editor's text with the CSS Custom Highlight
 * API: nothing is added to Quill's DOM, so the editor, the selection and the binding
 * never see the highlights, and each painted range maps to the Y.Text span it came from.
 */
export function paintHighlights(
  quill: Quill,
  annotations: readonly Annotation[],
  activeId: string | null,
): void {
  if (!canPaintHighlights()) return;
  const textLength = quill.getLength() - 1;
  const byName = new Map<string, Range[]>(NAMES.map((name) => [name, []]));
  for (const annotation of annotations) {
    const { start, end } = annotation;
    if (annotation.orphaned || start >= end || end > textLength) continue;
    const range = rangeOf(quill, start, end);
    if (!range) continue;
    byName.get(highlightName(annotation.tag))?.push(range);
    if (annotation.id === activeId) byName.get(ACTIVE_HIGHLIGHT)?.push(range);
  }
  for (const [name, ranges] of byName) {
    const highlight = new Highlight(...ranges);
    if (name === ACTIVE_HIGHLIGHT) highlight.priority = 1;
    CSS.highlights.set(name, highlight);
  }
}

/** The narrowest live highlight holding the range, or null: where the caret is. */
export function highlightAt(
  annotations: readonly Annotation[],
  index: number,
  length: number,
): string | null {
  let best: Annotation | null = null;
  for (const annotation of annotations) {
    const { start, end } = annotation;
    if (annotation.orphaned || start > index || index + length > end || start >= end) continue;
    if (!best || end - start < best.end - best.start) best = annotation;
  }
  return best?.id ?? null;
}

export function clearHighlights(): void {
  if (!canPaintHighlights()) return;
  for (const name of NAMES) CSS.highlights.delete(name);
}
