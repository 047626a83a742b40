import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { AuthError, inviteTokenFromPath, signInWithSso } from '@journeyboard/auth';
import { safeRedirectPath, setSessionCookie } from '../auth.ts';
import { getStorage } from '../storage.ts';
import { finishSignIn, startSignIn } from './client.ts';
import { findProvider, type SsoProvider } from './config.ts';
import { saveFlow, takeFlow } from './flow-cookie.ts';

type Event = Pick<RequestEvent, 'params' | 'url' | 'cookies'>;

function providerOf(event: Event): SsoProvider {
  const provider = findProvider(event.params.provider ?? '');
  if (!provider) error(404, 'There is no such single sign-on provider on this instance.');
  return provider;
}

function callbackUri(event: Event, provider: SsoProvider): string {
  return `${event.url.origin}/signin/sso/${provider.id}/callback`;
}

/** GET /signin/sso/<provider>: off to the provider, remembering where to come back to. */
export async function beginSsoSignIn(event: Event): Promise<never> {
  const provider = providerOf(event);
  let started;
  try {
    started = await startSignIn(provider, callbackUri(event, provider));
  } catch (cause) {
    console.error(`[web] sso: ${provider.id} discovery failed`, cause);
    error(502, `${provider.name} cannot be reached right now. Try again in a moment.`);
  }
  saveFlow(event.cookies, event.url.protocol === 'https:', {
    provider: provider.id,
    redirectTo: safeRedirectPath(event.url.searchParams.get('redirectTo')),
    ...started.checks,
  });
  // Only to the authorization endpoint the provider's discovery document named.
  redirect(303, started.url.href, { external: [started.url.origin] });
}

/**
 * GET /signin/sso/<provider>/callback: checks state, nonce and PKCE through openid-client,
 * then signs in with the same session cookie a password sign-in sets.
 */
export async function completeSsoSignIn(event: Event): Promise<never> {
  const provider = providerOf(event);
  const secure = event.url.protocol === 'https:';
  const flow = takeFlow(event.cookies, secure);
  if (!flow || flow.provider !== provider.id) {
    error(400, 'This sign-in was not started in this browser, or it took too long. Start again.');
  }
  const providerError = event.url.searchParams.get('error');
  if (providerError !== null) {
    const reason = event.url.searchParams.get('error_description') ?? providerError;
    error(400, `${provider.name} did not sign you in: ${reason.slice(0, 200)}`);
  }
  let claims;
  try {
    claims = await finishSignIn(provider, event.url, flow);
  } catch (cause) {
    console.warn(`[web] sso: ${provider.id} callback refused`, cause);
    error(400, `The answer from ${provider.name} did not check out: ${refusalReason(cause)}.`);
  }
  try {
    const signedIn = await signInWithSso(getStorage(), {
      provider: provider.id,
      providerName: provider.name,
      ...claims,
      inviteToken: inviteTokenFromPath(flow.redirectTo),
    });
    setSessionCookie(event, signedIn.token, signedIn.session.expiresAt);
  } catch (cause) {
    if (cause instanceof AuthError) error(403, cause.message);
    throw cause;
  }
  redirect(303, flow.redirectTo);
}

/**
 * openid-client wraps the precise check that failed (`unexpected ID Token "nonce" claim
 * value`) in a general one; the innermost says what to look at.
 */
function refusalReason(cause: unknown): string {
  let reason = cause;
  while (reason instanceof Error && reason.cause instanceof Error) reason = reason.cause;
  return (reason instanceof Error ? reason.message : String(reason)).slice(0, 200);
}
