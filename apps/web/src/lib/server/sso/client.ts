import * as oidc from 'openid-client';
import { isLoopback, type SsoProvider } from './config.ts';

const SCOPE = 'openid email profile';
const configurations = new Map<string, Promise<oidc.Configuration>>();

/**
 * The provider's discovered configuration, fetched once per process. A failed discovery
 * is forgotten so the next sign-in tries again (the provider may have been down).
 */
function configurationOf(provider: SsoProvider): Promise<oidc.Configuration> {
  let pending = configurations.get(provider.id);
  if (!pending) {
    pending = oidc.discovery(
      provider.issuer,
      provider.clientId,
      undefined,
      oidc.ClientSecretPost(provider.clientSecret),
      // Plain http only ever passes config.ts for a provider on this machine.
      isLoopback(provider.issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
    configurations.set(provider.id, pending);
    pending.catch(() => configurations.delete(provider.id));
  }
  return pending;
}

/** The secrets one sign-in keeps in the browser between leaving for the provider and returning. */
export interface SsoChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export async function startSignIn(
  provider: SsoProvider,
  redirectUri: string,
): Promise<{ url: URL; checks: SsoChecks }> {
  const configuration = await configurationOf(provider);
  const checks = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier: oidc.randomPKCECodeVerifier(),
  };
  const url = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri,
    scope: SCOPE,
    state: checks.state,
    nonce: checks.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url, checks };
}

export interface SsoClaims {
  subject: string;
  email: string | undefined;
  emailVerified: unknown;
  name: string | undefined;
}

/**
 * Exchanges the code and validates the ID token (signature, issuer, audience, expiry,
 * nonce) and the state; openid-client throws on any mismatch.
 */
export async function finishSignIn(
  provider: SsoProvider,
  callbackUrl: URL,
  checks: SsoChecks,
): Promise<SsoClaims> {
  const configuration = await configurationOf(provider);
  const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
    pkceCodeVerifier: checks.codeVerifier,
    expectedState: checks.state,
    expectedNonce: checks.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error('the provider returned no ID token');
  return {
    subject: claims.sub,
    email: typeof claims.email === 'string' ? claims.email : undefined,
    emailVerified: claims.email_verified,
    name: typeof claims.name === 'string' ? claims.name : undefined,
  };
}
