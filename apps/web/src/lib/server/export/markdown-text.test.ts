import { describe, expect, it } from 'vitest';
import { markdownText } from './markdown-text.ts';

describe('markdownText', () => {
  it('backslashes every character that would open HTML, a link or emphasis', () => {
    expect(markdownText('<img src=x> [a](javascript:alert(1)) *b* _c_ `d` #e |f ~g! {h}')).toBe(
      '\\<img src=x\\> \\[a\\](javascript:alert(1)) \\*b\\* \\_c\\_ \\`d\\` \\#e \\|f \\~g\\! \\{h\\}',
    );
  });

  it('keeps a backslash the member typed as a visible backslash', () => {
    expect(markdownText('a\\<b')).toBe('a\\\\\\<b');
  });

  it('puts everything on one line', () => {
    expect(markdownText('  one\n# two\r\n\tthree ')).toBe('one \\# two three');
  });

  it('prints numbers and prints nothing for a malformed entry', () => {
    expect(markdownText(41.5)).toBe('41.5');
    expect(markdownText({ toString: () => '<b>' })).toBe('');
    expect(markdownText(null)).toBe('');
  });
});
