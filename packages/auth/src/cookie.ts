import { isWellFormedToken } from './tokens.ts';

/** `__Host-` would forbid a Domain and force Secure, which breaks plain-http self-hosting. */
export const SESSION_COOKIE_NAME = 'jb_session';

/** The shape SvelteKit's `cookies.set` (and the `cookie` package) take. */
export interface SessionCookieOptions {
  httpOnly: true;
  sameSite: 'lax';
  path: '/';
  secure: boolean;
  expires: Date;
}

/** `secure` should be true whenever the site is served over https. */
export function sessionCookieOptions(options: {
  secure: boolean;
  expiresAt: number | Date;
}): SessionCookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: options.secure,
    expires: new Date(options.expiresAt),
  };
}

/** Options that make the browser drop the cookie (sign-out, invalid session). */
export function blankSessionCookieOptions(options: { secure: boolean }): SessionCookieOptions {
  return sessionCookieOptions({ secure: options.secure, expiresAt: 0 });
}

/** A `Set-Cookie` header value, for servers without a cookie helper. */
export function serializeSessionCookie(token: string, options: SessionCookieOptions): string {
  const parts = [
    `${SESSION_COOKIE_NAME}=${token}`,
    'Path=/',
    `Expires=${options.expires.toUTCString()}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/**
 * The session token from a raw `Cookie` request header (the sync server's upgrade has no
 * cookie helper), or null when absent or not shaped like a token.
 */
export function readSessionCookie(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  for (const pair of cookieHeader.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1 || pair.slice(0, eq).trim() !== SESSION_COOKIE_NAME) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
      value = value.slice(1, -1);
    }
    return isWellFormedToken(value) ? value : null;
  }
  return null;
}
