import { EmailTakenError, type Storage } from '@journeyboard/storage';
import type { SignedIn } from './accounts.ts';
import { AccountDisabledError, SsoEmailUnverifiedError } from './errors.ts';
import { hashPassword } from './password.ts';
import { defaultColour, parseDisplayName, parseEmail } from './profile.ts';
import { createSession, type ClockOptions } from './session.ts';
import { assertSignUpAllowed, readSignUpPolicy, type SignUpPolicy } from './signup-policy.ts';
import { generateId, generateSessionToken } from './tokens.ts';

/** What a validated ID token says about the person; nothing here is checked yet. */
export interface SsoSignInInput {
  /** Our id of the provider, e.g. `keycloak`. */
  provider: string;
  /** Shown in errors, e.g. "Keycloak". */
  providerName: string;
  /** The ID token's `sub`. */
  subject: string;
  email?: string | undefined;
  /** The provider's `email_verified`; only `true` counts. */
  emailVerified?: unknown;
  name?: string | undefined;
  /** The invite link the person arrived with, for invite-only and domain instances. */
  inviteToken?: string | null;
  /** Default: the policy stored by the admin page, else open. */
  policy?: SignUpPolicy;
}

export interface SsoSignedIn extends SignedIn {
  /** How this sign-in found its account. */
  outcome: 'returning' | 'linked' | 'created';
}

/**
 * Signs in with a provider account: the account it is linked to; else, on its first
 * sign-in, the account with the same address once the provider has verified it; else a
 * new account if the sign-up mode lets this address in.
 */
export async function signInWithSso(
  storage: Storage,
  input: SsoSignInInput,
  options: ClockOptions = {},
): Promise<SsoSignedIn> {
  const linkedId = await storage.identities.find(input.provider, input.subject);
  if (linkedId !== null) return openSession(storage, linkedId, 'returning', options);

  if (input.emailVerified !== true || input.email === undefined) {
    throw new SsoEmailUnverifiedError(input.providerName);
  }
  const email = parseEmail(input.email);
  const existing = await storage.users.getByEmail(email);
  const userId = existing?.id ?? (await createSsoUser(storage, { ...input, email }));
  // A concurrent first sign-in may have linked first: that link is the one that counts.
  await storage.identities.link({ provider: input.provider, subject: input.subject, userId });
  const winner = (await storage.identities.find(input.provider, input.subject)) ?? userId;
  await storage.instance.markEmailVerified(winner, Date.now());
  return openSession(storage, winner, existing ? 'linked' : 'created', options);
}

async function createSsoUser(
  storage: Storage,
  input: SsoSignInInput & { email: string },
): Promise<string> {
  const policy = input.policy ?? (await readSignUpPolicy(storage));
  await assertSignUpAllowed(storage, policy, {
    email: input.email,
    inviteToken: input.inviteToken ?? null,
    via: 'sso',
  });
  const id = generateId();
  // Nobody knows this password: the account signs in through its provider (or after a
  // password reset, which proves the address again).
  const passwordHash = await hashPassword(generateSessionToken());
  const user = await storage.users
    .create({
      id,
      email: input.email,
      displayName: displayNameFor(input),
      colour: defaultColour(id),
      department: null,
      passwordHash,
    })
    .catch(async (error: unknown) => {
      // Created a moment ago by a concurrent sign-in with the same address.
      if (!(error instanceof EmailTakenError)) throw error;
      const raced = await storage.users.getByEmail(input.email);
      if (!raced) throw error;
      return raced;
    });
  return user.id;
}

function displayNameFor(input: { name?: string | undefined; email: string }): string {
  try {
    return parseDisplayName(input.name ?? '');
  } catch {
    return parseDisplayName(input.email.slice(0, input.email.indexOf('@')).slice(0, 80));
  }
}

async function openSession(
  storage: Storage,
  userId: string,
  outcome: SsoSignedIn['outcome'],
  options: ClockOptions,
): Promise<SsoSignedIn> {
  const [user, flags] = await Promise.all([
    storage.users.get(userId),
    storage.instance.getUser(userId),
  ]);
  if (!user || !flags) throw new Error(`linked user ${userId} is missing`);
  if (flags.disabledAt !== null) throw new AccountDisabledError();
  const { token, session } = await createSession(storage, userId, options);
  return { user, session, token, outcome };
}
