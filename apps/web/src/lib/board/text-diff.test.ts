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
});
