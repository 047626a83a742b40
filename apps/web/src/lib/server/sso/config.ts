import { z } from 'zod';

/**
 * Single sign-on from the environment, parsed here and nowhere else:
 *
 *   OIDC_PROVIDERS=keycloak,google
 *   OIDC_KEYCLOAK_ISSUER=https://sso.example.com/realms/acme
 *   OIDC_KEYCLOAK_CLIENT_ID=journeyboard
 *   OIDC_KEYCLOAK_CLIENT_SECRET=…
 *   OIDC_KEYCLOAK_NAME=Acme SSO            (optional; the button says "Sign in with Acme SSO")
 *   JOURNEYBOARD_PASSWORDS=off             (optional; only single sign-on)
 */
export interface SsoProvider {
  /** Lower-case, from OIDC_PROVIDERS; in the callback URL and the stored identity. */
  id: string;
  name: string;
  issuer: URL;
  clientId: string;
  clientSecret: string;
}

export interface SsoConfig {
  providers: SsoProvider[];
  /** False when JOURNEYBOARD_PASSWORDS=off: accounts sign in through a provider only. */
  passwords: boolean;
}

/** Any mistake in the settings stops the server with every problem named. */
class SsoConfigError extends Error {
  constructor(issues: string[]) {
    super(`Single sign-on settings are wrong:\n- ${issues.join('\n- ')}`);
    this.name = 'SsoConfigError';
  }
}

const providerId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, 'provider ids are letters, digits and dashes, e.g. keycloak');

const issuer = z
  .url({ protocol: /^https?$/ })
  .transform((value) => new URL(value))
  .refine((url) => url.protocol === 'https:' || isLoopback(url), {
    message: 'must be https (plain http only for a provider on this machine)',
  });

const required = z.string().trim().min(1, 'is required');

/** Plain http is accepted for a provider on this machine (development, tests). */
export function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

function envPrefix(id: string): string {
  return `OIDC_${id.toUpperCase().replaceAll('-', '_')}_`;
}

function titleCase(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}

export function parseSsoConfig(env: Record<string, string | undefined>): SsoConfig {
  const issues: string[] = [];
  const ids = [
    ...new Set(
      (env.OIDC_PROVIDERS ?? '')
        .split(',')
        .map((id) => id.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  const providers: SsoProvider[] = [];
  for (const id of ids) {
    const idCheck = providerId.safeParse(id);
    if (!idCheck.success) {
      issues.push(`OIDC_PROVIDERS "${id}": ${idCheck.error.issues[0]?.message ?? 'invalid'}`);
      continue;
    }
    const prefix = envPrefix(id);
    const fields = {
      issuer: issuer.safeParse(env[`${prefix}ISSUER`] ?? ''),
      clientId: required.safeParse(env[`${prefix}CLIENT_ID`] ?? ''),
      clientSecret: required.safeParse(env[`${prefix}CLIENT_SECRET`] ?? ''),
    };
    const names = { issuer: 'ISSUER', clientId: 'CLIENT_ID', clientSecret: 'CLIENT_SECRET' };
    for (const [key, result] of Object.entries(fields)) {
      if (!result.success) {
        const reason = result.error.issues[0]?.message ?? 'invalid';
        issues.push(`${prefix}${names[key as keyof typeof names]} ${reason}`);
      }
    }
    if (fields.issuer.success && fields.clientId.success && fields.clientSecret.success) {
      providers.push({
        id,
        name: env[`${prefix}NAME`]?.trim() || titleCase(id),
        issuer: fields.issuer.data,
        clientId: fields.clientId.data,
        clientSecret: fields.clientSecret.data,
      });
    }
  }
  const passwordsSetting = (env.JOURNEYBOARD_PASSWORDS ?? 'on').trim().toLowerCase();
  if (!['on', 'off'].includes(passwordsSetting)) {
    issues.push('JOURNEYBOARD_PASSWORDS must be on or off');
  }
  const passwords = passwordsSetting !== 'off';
  if (!passwords && ids.length === 0) {
    issues.push('JOURNEYBOARD_PASSWORDS=off needs at least one provider in OIDC_PROVIDERS');
  }
  if (issues.length > 0) throw new SsoConfigError(issues);
  return { providers, passwords };
}

const CONFIG = Symbol.for('journeyboard.ssoConfig');

/** Read once per process. */
export function getSsoConfig(): SsoConfig {
  const holder = globalThis as { [CONFIG]?: SsoConfig };
  return (holder[CONFIG] ??= parseSsoConfig(process.env));
}

export function findProvider(id: string): SsoProvider | undefined {
  return getSsoConfig().providers.find((provider) => provider.id === id);
}

/** What the sign-in and sign-up pages may show: names, never secrets. */
export function ssoChoices(): { providers: { id: string; name: string }[]; passwords: boolean } {
  const { providers, passwords } = getSsoConfig();
  return { providers: providers.map(({ id, name }) => ({ id, name })), passwords };
}
