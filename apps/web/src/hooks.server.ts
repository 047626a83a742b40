import {
  sequence,
  type Handle,
  type HandleServerError,
  type ServerInit,
} from '@sveltejs/kit/hooks';
import { SESSION_COOKIE_NAME, validateSessionToken } from '@journeyboard/auth';
import { servicesOf } from '@journeyboard/server';
import { clearSessionCookie, setSessionCookie } from '#lib/server/auth.ts';
import { bodyLimit } from '#lib/server/body-limit.ts';
import { rememberOrigin } from '#lib/server/notifications/services.ts';
import { votingServices } from '#lib/server/voting/services.ts';
import { getSsoConfig } from '#lib/server/sso/config.ts';
import { parseThemeCookie, THEME_COOKIE, withThemeAttribute } from '#lib/board/theme-cookie.ts';

/**
 * The process's services (storage, sync engine, BoardDocs, logger) into `locals`: the host
 * process (server.ts, or vite.config.ts under `vite dev`) hands them over with each request
 * through `platform`. The first request also starts the background work built on them:
 * the voting deadline sweep and the notification sweep.
 */
const services: Handle = ({ event, resolve }) => {
  event.locals.services = servicesOf(event.platform);
  votingServices(event.locals.services);
  return resolve(event);
};

/** Resolves the session cookie into `locals`, sliding its expiry when it is half used. */
const session: Handle = async ({ event, resolve }) => {
  const token = event.cookies.get(SESSION_COOKIE_NAME);
  const storage = event.locals.services.storage;
  const result = token ? await validateSessionToken(storage, token) : null;
  if (token && !result) clearSessionCookie(event);
  else if (token && result?.fresh) setSessionCookie(event, token, result.session.expiresAt);
  rememberOrigin(event.url.origin);
  event.locals.user = result?.user ?? null;
  event.locals.session = result?.session ?? null;
  return resolve(event);
};

/** Pages with a session must not be stored by shared caches or the back-forward cache. */
const privateCache: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  if (event.locals.user && !response.headers.has('cache-control')) {
    response.headers.set('cache-control', 'private, no-store');
  }
  return response;
};

/**
 * Headers for every response SvelteKit makes. Pages get their Content-Security-Policy
 * from the `csp` config (vite.config.ts); anything else (exports, JSON) is data, never a
 * document to run: it gets a policy that allows nothing, so an exported SVG or Markdown
 * file opened in the browser cannot run script on our origin.
 */
const securityHeaders: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  const headers = response.headers;
  headers.set('x-content-type-options', 'nosniff');
  headers.set('referrer-policy', 'same-origin');
  headers.set('x-frame-options', 'DENY');
  if (!headers.has('content-security-policy')) {
    headers.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'; sandbox");
  }
  return response;
};

/** The chosen theme is on <html> in the first byte, so a dark page never flashes light. */
const theme: Handle = async ({ event, resolve }) => {
  const chosen = parseThemeCookie(event.cookies.get(THEME_COOKIE));
  if (!chosen) return resolve(event);
  return resolve(event, {
    transformPageChunk: ({ html }) => withThemeAttribute(html, chosen),
  });
};

export const handle = sequence(securityHeaders, services, bodyLimit, session, privateCache, theme);

/**
 * At start: wrong single sign-on settings stop the server here, naming each one, rather
 * than at someone's first sign-in.
 */
export const init: ServerInit = () => {
  getSsoConfig();
};

/**
 * Expected errors (`error(404, …)`, unknown routes) keep their message. Anything else is
 * a bug or an outage: the log gets the detail, the visitor a generic message and an id
 * to quote.
 */
export const handleError: HandleServerError = ({ kind, error, event }) => {
  if (kind !== 'unknown') return;
  const errorId = crypto.randomUUID();
  const where = { errorId, method: event.request.method, path: event.url.pathname };
  // The services may be what failed to arrive: then the error goes to the console.
  const logger = (event.locals as Partial<App.Locals>).services?.logger;
  if (logger) logger.error({ err: error, ...where }, 'request failed');
  else console.error(`[web] error ${errorId} on ${where.method} ${where.path}`, error);
  return { message: 'Something went wrong on our side. Please try again in a moment.', errorId };
};
