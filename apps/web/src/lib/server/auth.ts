import { redirect, type RequestEvent } from '@sveltejs/kit';
import {
  SESSION_COOKIE_NAME,
  blankSessionCookieOptions,
  createBoardCreationLimiter,
  createSignUpLimiter,
  createSignInLimiter,
  sessionCookieOptions,
  type KeyedLimiter,
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

/**
 * Set by sign-out, read once by the sign-in page it redirects to, which then deletes the
 * board copies this browser keeps. A cookie rather than a query parameter, so another
 * site cannot link someone into wiping their unsent offline edits.
 */
const CLEAR_LOCAL_COOKIE = 'jb_clear_local';

export function markLocalCopiesForClearing(event: CookieEvent): void {
  event.cookies.set(CLEAR_LOCAL_COOKIE, '1', {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: event.url.protocol === 'https:',
    maxAge: 10 * 60,
  });
}

/** True once after a sign-out in this browser. */
export function takeLocalCopiesClearing(event: CookieEvent): boolean {
  if (event.cookies.get(CLEAR_LOCAL_COOKIE) !== '1') return false;
  event.cookies.delete(CLEAR_LOCAL_COOKIE, { path: '/' });
  return true;
}

/**
 * One limiter of each kind per process, kept on globalThis so that dev-server reloads of
 * this module do not reset the counts.
 */
function processSingleton<T>(name: string, create: () => T): T {
  const holder = globalThis as Record<symbol, unknown>;
  const key = Symbol.for(`journeyboard.${name}`);
  holder[key] ??= create();
  return holder[key] as T;
}

/** A positive count from the environment as a limit window, or nothing for the default. */
function windowFromEnv(
  name: string,
  durationSeconds: number,
): { points: number; durationSeconds: number } | undefined {
  const points = Number(process.env[name]);
  return points > 0 ? { points, durationSeconds } : undefined;
}

export function getSignInLimiter(): SignInLimiter {
  return processSingleton('signInLimiter', () => {
    const perAccount = windowFromEnv('JOURNEYBOARD_SIGNIN_ATTEMPTS_PER_ACCOUNT', 15 * 60);
    const perIp = windowFromEnv('JOURNEYBOARD_SIGNIN_ATTEMPTS_PER_IP', 15 * 60);
    return createSignInLimiter({
      ...(perAccount ? { perAccount } : {}),
      ...(perIp ? { perIp } : {}),
    });
  });
}

export function getSignUpLimiter(): KeyedLimiter {
  return processSingleton('signUpLimiter', () =>
    createSignUpLimiter(windowFromEnv('JOURNEYBOARD_SIGNUPS_PER_IP_PER_HOUR', 60 * 60)),
  );
}

export function getBoardCreationLimiter(): KeyedLimiter {
  return processSingleton('boardCreationLimiter', () =>
    createBoardCreationLimiter(windowFromEnv('JOURNEYBOARD_BOARDS_PER_ACCOUNT_PER_HOUR', 60 * 60)),
  );
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
    const path = url.pathname + url.search + url.hash;
    // Resolving dot segments can itself make `//host` (`/.//evil`): check the result too.
    return path.startsWith('//') ? fallback : path;
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
