import { describe, expect, it } from 'vitest';
import type { Annotation } from '@journeyboard/model';
import { highlightAt } from './highlight-paint.ts';

function span(id: string, start: number, end: number, orphaned = false): Annotation {
  return {
    id,
    storyId: 's',
    tag: 'pain',
    note: '',
    cardIds: [],
    start,
    end,
    text: '',
    orphaned,
    author: 'a',
    createdAt: 0,
  };
}

describe('highlightAt', () => {
  const spans = [span('wide', 0, 20), span('narrow', 5, 9), span('gone', 5, 9, true)];

  it('finds the narrowest live highlight holding the caret or selection', () => {
    expect(highlightAt(spans, 6, 0)).toBe('narrow');
    expect(highlightAt(spans, 5, 4)).toBe('narrow');
    expect(highlightAt(spans, 4, 3)).toBe('wide');
    expect(highlightAt(spans, 20, 0)).toBe('wide');
  });

  it('finds none outside every highlight', () => {
    expect(highlightAt(spans, 21, 0)).toBeNull();
    expect(highlightAt(spans, 15, 10)).toBeNull();
    expect(highlightAt([], 0, 0)).toBeNull();
  });
});
