import type { Storage } from '@journeyboard/storage';
import { InvalidSettingError, SignUpClosedError } from './errors.ts';
import { isInviteLive } from './invites.ts';
import { hashToken, isWellFormedToken } from './tokens.ts';

/**
 * Who may create an account with a password:
 * - open: anyone who reaches the server;
 * - invite-only: only someone holding a live board invite link;
 * - domains: addresses at the allowed domains, and invited people;
 * - sso-only: nobody; accounts come from the single sign-on provider.
 */
export const SIGNUP_MODES = ['open', 'invite-only', 'domains', 'sso-only'] as const;
export type SignUpMode = (typeof SIGNUP_MODES)[number];

export interface SignUpPolicy {
  mode: SignUpMode;
  /** Lower-case domains, e.g. `example.com`; used by the `domains` mode. */
  allowedDomains: string[];
}

const MODE_KEY = 'signup_mode';
const DOMAINS_KEY = 'signup_domains';
const MAX_DOMAINS = 50;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export function isSignUpMode(value: unknown): value is SignUpMode {
  return typeof value === 'string' && (SIGNUP_MODES as readonly string[]).includes(value);
}

/**
 * The domains typed on the admin page (commas, spaces or lines), lower-cased and
 * de-duplicated; throws `InvalidSettingError` naming the first one that is not a domain.
 */
export function parseAllowedDomains(text: string): string[] {
  const domains = [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((part) => part.trim().toLowerCase().replace(/^@/, ''))
        .filter(Boolean),
    ),
  ];
  const bad = domains.find((domain) => !DOMAIN.test(domain));
  if (bad !== undefined) throw new InvalidSettingError(`"${bad.slice(0, 80)}" is not a domain.`);
  if (domains.length > MAX_DOMAINS) {
    throw new InvalidSettingError(`At most ${MAX_DOMAINS} domains.`);
  }
  return domains;
}

/**
 * The stored policy; `fallback` (from the environment) until an admin saves one. A
 * stored value that does not parse (edited by hand) falls back to invite-only: closed is
 * the safe side.
 */
export async function readSignUpPolicy(
  storage: Storage,
  fallback: SignUpPolicy = { mode: 'open', allowedDomains: [] },
): Promise<SignUpPolicy> {
  const [mode, domains] = await Promise.all([
    storage.instance.getSetting(MODE_KEY),
    storage.instance.getSetting(DOMAINS_KEY),
  ]);
  if (mode === null) return fallback;
  let allowedDomains: string[];
  try {
    allowedDomains = parseAllowedDomains(domains ?? '');
  } catch {
    allowedDomains = [];
  }
  return { mode: isSignUpMode(mode) ? mode : 'invite-only', allowedDomains };
}

export interface SaveSignUpPolicyInput {
  mode: string;
  allowedDomains: string;
  /** SSO-only without a provider would let nobody new in, ever. */
  ssoAvailable: boolean;
}

export async function saveSignUpPolicy(
  storage: Storage,
  input: SaveSignUpPolicyInput,
): Promise<SignUpPolicy> {
  if (!isSignUpMode(input.mode)) throw new InvalidSettingError('Choose a sign-up mode.');
  const allowedDomains = parseAllowedDomains(input.allowedDomains);
  if (input.mode === 'domains' && allowedDomains.length === 0) {
    throw new InvalidSettingError('Name at least one email domain, e.g. example.com.');
  }
  if (input.mode === 'sso-only' && !input.ssoAvailable) {
    throw new InvalidSettingError(
      'SSO-only needs a single sign-on provider configured on the server first.',
    );
  }
  await storage.instance.setSetting(DOMAINS_KEY, allowedDomains.join(','));
  await storage.instance.setSetting(MODE_KEY, input.mode);
  return { mode: input.mode, allowedDomains };
}

/** The invite-link token inside a `/invite/<token>` path, if it is one. */
export function inviteTokenFromPath(path: string | null | undefined): string | null {
  const match = /^\/invite\/([^/?#]+)/.exec(path ?? '');
  return match?.[1] ?? null;
}

async function holdsLiveInvite(storage: Storage, token: string | null | undefined) {
  if (!token || !isWellFormedToken(token)) return false;
  const invite = await storage.invites.get(hashToken(token));
  return invite !== null && isInviteLive(invite, Date.now());
}

/**
 * Throws `SignUpClosedError` unless `policy` lets this email sign up, with a password or
 * (`via: 'sso'`) through single sign-on. The very first account is always allowed: it
 * becomes the instance's admin.
 */
export async function assertSignUpAllowed(
  storage: Storage,
  policy: SignUpPolicy,
  input: { email: string; inviteToken?: string | null; via?: 'password' | 'sso' },
): Promise<void> {
  if (policy.mode === 'open') return;
  if (!(await storage.instance.hasUsers())) return;
  if (policy.mode === 'sso-only') {
    if (input.via === 'sso') return;
    throw new SignUpClosedError('New accounts on this instance come from single sign-on.');
  }
  if (await holdsLiveInvite(storage, input.inviteToken)) return;
  if (policy.mode === 'domains') {
    const domain = input.email.slice(input.email.lastIndexOf('@') + 1).toLowerCase();
    if (policy.allowedDomains.includes(domain)) return;
    throw new SignUpClosedError(
      `Sign-up is open to addresses at ${policy.allowedDomains.join(', ')}, or with an invite link.`,
    );
  }
  throw new SignUpClosedError(
    'This instance is invite-only: open the invite link someone shared with you to sign up.',
  );
}
