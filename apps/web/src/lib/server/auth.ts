import { redirect, type RequestEvent } from '@sveltejs/kit';
import {
  SESSION_COOKIE_NAME,
  blankSessionCookieOptions,
  createSignInLimiter,
  sessionCookieOptions,
  type SignInLimiter,
} from '@journeyboard/auth';
import type { User } from '@journeyboard/storage';

type CookieEvent = Pick<RequestEvent, 'cookies' | 'url'>;

export function setSessionCookie(event: CookieEvent, token: string, expiresAt: number): void {
  const secure = event.url.protocol === 'https:';
  event.cookies.set(SESSION_COOKIE_NAME, token, sessionCookieOptions({ secure, expiresAt }));
}

export function clearSessionCookie(event: CookieEvent): void {
  const secure = event.url.protocol === 'https:';
  event.cookies.set(SESSION_COOKIE_NAME, '', blankSessionCookieOptions({ secure }));
}

const LIMITER = Symbol.for('journeyboard.signInLimiter');

/**
 * One sign-in limiter per process, kept on globalThis so that dev-server reloads of this
 * module do not reset the counts.
 */
export function getSignInLimiter(): SignInLimiter {
  const holder = globalThis as { [LIMITER]?: SignInLimiter };
  return (holder[LIMITER] ??= createSignInLimiter(limiterOptionsFromEnv()));
}

function limiterOptionsFromEnv() {
  const perAccount = Number(process.env.JOURNEYBOARD_SIGNIN_ATTEMPTS_PER_ACCOUNT);
  const perIp = Number(process.env.JOURNEYBOARD_SIGNIN_ATTEMPTS_PER_IP);
  const window = { durationSeconds: 15 * 60 };
  return {
    ...(perAccount > 0 ? { perAccount: { ...window, points: perAccount } } : {}),
    ...(perIp > 0 ? { perIp: { ...window, points: perIp } } : {}),
  };
}

/**
 * A `redirectTo` value we may send the browser to: a path on this site only. Anything
 * else (absolute URLs, `//host`, backslash tricks) falls back to the board list.
 */
export function safeRedirectPath(value: string | null | undefined, fallback = '/'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) {
    return fallback;
  }
  try {
    const url = new URL(value, 'http://journeyboard.invalid');
    if (url.origin !== 'http://journeyboard.invalid') return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

/** The sign-in page, returning to where the visitor was going. */
export function signInPath(url: URL): string {
  const back = url.pathname + url.search;
  return back === '/' ? '/signin' : `/signin?redirectTo=${encodeURIComponent(back)}`;
}

/** For pages: the signed-in user, or a redirect to sign-in and back. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): User {
  if (!event.locals.user) redirect(303, signInPath(event.url));
  return event.locals.user;
}
