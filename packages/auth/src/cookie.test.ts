import { describe, expect, it } from 'vitest';
import {
  SESSION_COOKIE_NAME,
  readSessionCookie,
  serializeSessionCookie,
  sessionCookieOptions,
} from './cookie.ts';
import { generateSessionToken } from './tokens.ts';

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/ and expires with the session', () => {
    const options = sessionCookieOptions({ secure: false, expiresAt: 1_800_000_000_000 });
    expect(options).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: false,
      expires: new Date(1_800_000_000_000),
    });
  });

  it('is Secure when the site is served over https', () => {
    expect(sessionCookieOptions({ secure: true, expiresAt: 0 }).secure).toBe(true);
  });

  it('serializes to a Set-Cookie value with every attribute', () => {
    const token = generateSessionToken();
    const header = serializeSessionCookie(
      token,
      sessionCookieOptions({ secure: true, expiresAt: Date.UTC(2030, 0, 1) }),
    );
    expect(header).toBe(
      `${SESSION_COOKIE_NAME}=${token}; Path=/; Expires=Tue, 01 Jan 2030 00:00:00 GMT; HttpOnly; SameSite=Lax; Secure`,
    );
  });

  it('reads the token among other cookies', () => {
    const token = generateSessionToken();
    expect(readSessionCookie(`theme=dark; ${SESSION_COOKIE_NAME}=${token}; other=1`)).toBe(token);
  });

  it('reads a quoted token', () => {
    const token = generateSessionToken();
    expect(readSessionCookie(`${SESSION_COOKIE_NAME}="${token}"`)).toBe(token);
  });

  it('returns null without a header or without the cookie', () => {
    expect(readSessionCookie(undefined)).toBeNull();
    expect(readSessionCookie('')).toBeNull();
    expect(readSessionCookie('theme=dark')).toBeNull();
  });

  it('ignores a cookie whose name only ends like ours', () => {
    const token = generateSessionToken();
    expect(readSessionCookie(`x${SESSION_COOKIE_NAME}=${token}`)).toBeNull();
  });

  it('returns null for a value that is not shaped like a token', () => {
    expect(readSessionCookie(`${SESSION_COOKIE_NAME}=../../etc/passwd`)).toBeNull();
  });
});
