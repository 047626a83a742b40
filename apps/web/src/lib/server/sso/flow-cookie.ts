import type { Cookies } from '@sveltejs/kit';
import { z } from 'zod';
import type { SsoChecks } from './client.ts';

const COOKIE = 'jb_sso';
const PATH = '/signin/sso';
const TEN_MINUTES_S = 10 * 60;

const flowSchema = z.object({
  provider: z.string().max(40),
  state: z.string().max(200),
  nonce: z.string().max(200),
  codeVerifier: z.string().max(200),
  redirectTo: z.string().max(2000),
});

export type SsoFlow = SsoChecks & { provider: string; redirectTo: string };

/**
 * Between leaving for the provider and coming back. Only this browser holds the state,
 * nonce and PKCE verifier, so a callback started elsewhere cannot complete here.
 * SameSite=Lax: the provider sends the browser back with a top-level GET.
 */
export function saveFlow(cookies: Cookies, secure: boolean, flow: SsoFlow): void {
  cookies.set(COOKIE, Buffer.from(JSON.stringify(flow)).toString('base64url'), {
    path: PATH,
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: TEN_MINUTES_S,
  });
}

/** The flow this browser started, used up by reading it; null when there is none or it is mangled. */
export function takeFlow(cookies: Cookies, secure: boolean): SsoFlow | null {
  const raw = cookies.get(COOKIE);
  cookies.delete(COOKIE, { path: PATH, httpOnly: true, sameSite: 'lax', secure });
  if (!raw || raw.length > 4000) return null;
  try {
    const parsed = flowSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString()));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
