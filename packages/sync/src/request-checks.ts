import type { IncomingMessage } from 'node:http';
import { isLoopbackHost } from './loopback.ts';

/**
 * Why a browser page on another origin may not open a socket here (a cookie rides along
 * with the upgrade, so another port of the same host or a sibling subdomain could act as
 * the signed-in member), or null when it may. With `allowedOrigins` the page's origin must
 * be one of them; without, its host must be the host the request was sent to, as
 * SvelteKit checks form posts. Requests without an Origin come from non-browser clients,
 * which carry no one else's cookie.
 */
export function originRefusal(
  req: IncomingMessage,
  allowedOrigins: readonly string[] | undefined,
): string | null {
  const origin = req.headers.origin;
  if (origin === undefined) return null;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return `origin ${origin} not allowed`;
  }
  const allowed =
    allowedOrigins && allowedOrigins.length > 0
      ? allowedOrigins.some((o) => normalOrigin(o) === parsed.origin)
      : parsed.host === req.headers.host?.toLowerCase();
  return allowed ? null : `origin ${parsed.origin} not allowed`;
}

/**
 * With access checks off (loopback only), a page on any site could still reach us by
 * pointing its own name at 127.0.0.1 (DNS rebinding); its requests then carry its name as
 * Host. Null when the Host names this machine.
 */
export function foreignHostRefusal(req: IncomingMessage): string | null {
  const host = req.headers.host ?? '';
  return isLoopbackHost(hostnameOf(host)) ? null : `host ${host} not allowed`;
}

/** The name in a Host header, without its port (`[::1]:3000` → `::1`). */
export function hostnameOf(hostHeader: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d+)?$/.exec(hostHeader);
  if (bracketed) return bracketed[1]!;
  return hostHeader.replace(/:\d+$/, '');
}

function normalOrigin(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    return origin;
  }
}

/**
 * The configured origins: adapter-node's ORIGIN (the app's public address) plus any in
 * JOURNEYBOARD_ALLOWED_ORIGINS (comma-separated). Empty: same host only.
 */
export function allowedOriginsFromEnv(env: NodeJS.ProcessEnv): string[] {
  const listed = (env.JOURNEYBOARD_ALLOWED_ORIGINS ?? '').split(',');
  return [env.ORIGIN ?? '', ...listed].map((o) => o.trim()).filter((o) => o !== '');
}
