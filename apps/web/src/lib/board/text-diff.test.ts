import { describe, expect, it } from 'vitest';
import { diffText } from './text-diff.ts';

describe('diffText', () => {
  it('finds a single insertion in the middle', () => {
    expect(diffText('Setup is slow', 'Setup is very slow')).toEqual({
      index: 9,
      remove: 0,
      insert: 'very ',
    });
  });

  it('finds a replaced selection', () => {
    expect(diffText('a quick fox', 'a slow fox')).toEqual({ index: 2, remove: 5, insert: 'slow' });
  });

  it('returns null when nothing changed', () => {
    expect(diffText('same', 'same')).toBeNull();
  });

  it('prefers the later position for a repeated character, like the caret', () => {
    expect(diffText('aa', 'aaa')).toEqual({ index: 2, remove: 0, insert: 'a' });
  });

  it('never splits a surrogate pair', () => {
    const edit = diffText('x😀', 'x😃');
    expect(edit).toEqual({ index: 1, remove: 2, insert: '😃' });
  });

  it('puts a repeated letter where the caret is, not at the latest place it fits', () => {
    expect(diffText('cardsaa', 'cardsaaa', 7)).toEqual({ index: 6, remove: 0, insert: 'a' });
  });

  it('takes a deletion at the caret', () => {
    expect(diffText('aaa', 'aa', 1)).toEqual({ index: 1, remove: 1, insert: '' });
  });

  it('falls back to the smallest edit when the caret does not explain the change', () => {
    expect(diffText('abc', 'abXc', 0)).toEqual({ index: 2, remove: 0, insert: 'X' });
  });
});
