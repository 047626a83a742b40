import { describe, expect, it } from 'vitest';
import type { Annotation } from '@journeyboard/model';
import { segmentBody } from './segments.ts';

function span(id: string, start: number, end: number): Annotation {
  return {
    id,
    storyId: 's',
    tag: 'pain',
    note: '',
    cardIds: [],
    start,
    end,
    text: '',
    orphaned: false,
    author: 'a',
    createdAt: 0,
  };
}

describe('segmentBody', () => {
  it('cuts overlapping highlights into runs, narrowest highlight first', () => {
    const segments = segmentBody('abcdefgh', [span('wide', 1, 6), span('narrow', 3, 5)]);
    expect(segments.map((s) => [s.text, s.annotations.map((a) => a.id)])).toEqual([
      ['a', []],
      ['bc', ['wide']],
      ['de', ['narrow', 'wide']],
      ['f', ['wide']],
      ['gh', []],
    ]);
  });

  it('ignores orphaned highlights and ones past the end of a shorter local text', () => {
    const orphan = { ...span('o', 2, 2), orphaned: true };
    expect(segmentBody('abc', [orphan, span('late', 1, 9)])).toEqual([
      { text: 'abc', annotations: [] },
    ]);
  });
});
