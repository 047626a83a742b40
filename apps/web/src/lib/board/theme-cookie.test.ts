import { describe, expect, it } from 'vitest';
import { parseThemeCookie, themeCookieString, withThemeAttribute } from './theme-cookie.ts';

describe('theme cookie', () => {
  it('accepts only light and dark; anything else follows the system', () => {
    expect(parseThemeCookie('dark')).toBe('dark');
    expect(parseThemeCookie('light')).toBe('light');
    for (const value of [undefined, null, '', 'system', 'DARK', '"><script>', 'dark; x=1']) {
      expect(parseThemeCookie(value)).toBeNull();
    }
  });

  it('puts the choice on the html tag only, once', () => {
    const page = '<!doctype html>\n<html lang="en">\n<body><p>&lt;html lang</p></body></html>';
    expect(withThemeAttribute(page, 'dark')).toBe(
      '<!doctype html>\n<html data-theme="dark" lang="en">\n<body><p>&lt;html lang</p></body></html>',
    );
    expect(withThemeAttribute(page, null)).toBe(page);
    expect(withThemeAttribute('<p>no html tag here</p>', 'light')).toBe('<p>no html tag here</p>');
  });

  it('forgets the choice when the system is followed again', () => {
    expect(themeCookieString('dark')).toMatch(
      /^journeyboard-theme=dark; Path=\/; Max-Age=31536000/,
    );
    expect(themeCookieString('system')).toMatch(/^journeyboard-theme=; Path=\/; Max-Age=0/);
  });
});
