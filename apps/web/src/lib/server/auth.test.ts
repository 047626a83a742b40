import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from './auth.ts';

describe('safeRedirectPath', () => {
  it('keeps a path on this site with its query and hash', () => {
    expect(safeRedirectPath('/b/abc?view=canvas#x')).toBe('/b/abc?view=canvas#x');
  });

  it.each(['https://evil.example/', '//evil.example', '/\\evil.example', 'evil', ''])(
    'refuses %j',
    (value) => {
      expect(safeRedirectPath(value)).toBe('/');
    },
  );

  it.each(['/.//evil.example', '/a/..//evil.example', '/./%2e//evil.example'])(
    'refuses %j, which dot segments would turn into //host',
    (value) => {
      expect(safeRedirectPath(value)).toBe('/');
    },
  );
});
