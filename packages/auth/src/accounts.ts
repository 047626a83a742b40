import {
  isEmailTakenError,
  type SessionRecord,
  type Storage,
  type User,
} from '@journeyboard/storage';
import type { KeyedLimiter } from './account-limits.ts';
import { AccountDisabledError, InvalidCredentialsError } from './errors.ts';
import {
  PASSWORD_MAX_LENGTH,
  assertPasswordAcceptable,
  getDummyPasswordHash,
  hashPassword,
  verifyPassword,
} from './password.ts';
import {
  defaultColour,
  normalizeEmail,
  parseColour,
  parseDepartment,
  parseDisplayName,
  parseEmail,
} from './profile.ts';
import type { SignInLimiter } from './rate-limit.ts';
import { assertSignUpAllowed, readSignUpPolicy, type SignUpPolicy } from './signup-policy.ts';
import { createSession, invalidateAllSessions, type ClockOptions } from './session.ts';
import { generateId } from './tokens.ts';

export interface SignedIn {
  user: User;
  session: SessionRecord;
  /** Goes into the session cookie; never stored. */
  token: string;
}

export interface SignUpInput {
  email: string;
  password: string;
  displayName: string;
  colour?: string;
  department?: string | null;
  /** The token of the invite link the person arrived with, for invite-only instances. */
  inviteToken?: string | null;
  /** Default: the policy stored by the admin page, else open. */
  policy?: SignUpPolicy;
  /** The client address as the proxy reports it; null skips the per-address limit. */
  ip?: string | null;
  /** One per process, shared by all requests; none for internal callers. */
  limiter?: KeyedLimiter;
}

/**
 * Creates the account, or returns null when the address already has one. Both take the
 * same argon2 work and neither opens a session, so the caller can answer both alike and a
 * stranger cannot learn which addresses have accounts.
 */
export async function signUp(storage: Storage, input: SignUpInput): Promise<User | null> {
  if (input.ip) await input.limiter?.consume(input.ip);
  const email = parseEmail(input.email);
  const displayName = parseDisplayName(input.displayName);
  const department = parseDepartment(input.department);
  assertPasswordAcceptable(input.password);
  const id = generateId();
  const colour = input.colour === undefined ? defaultColour(id) : parseColour(input.colour);
  const policy = input.policy ?? (await readSignUpPolicy(storage));
  await assertSignUpAllowed(storage, policy, { email, inviteToken: input.inviteToken ?? null });
  const passwordHash = await hashPassword(input.password);
  // The unique index decides, also between two sign-ups racing for one address.
  return storage.users
    .create({ id, email, displayName, colour, department, passwordHash })
    .catch((error: unknown) => {
      if (isEmailTakenError(error)) return null;
      throw error;
    });
}

export interface SignInInput {
  email: string;
  password: string;
  /** The client address as the proxy reports it; null skips the per-IP limit. */
  ip: string | null;
  /** One per process, shared by all requests. */
  limiter: SignInLimiter;
}

/**
 * Checks the password and opens a session. Unknown email and wrong password throw the
 * same `InvalidCredentialsError` after the same argon2 work; `TooManyAttemptsError` once
 * the account or the IP has used its attempts, whether or not the account exists.
 */
export async function signIn(
  storage: Storage,
  input: SignInInput,
  options: ClockOptions = {},
): Promise<SignedIn> {
  const accountKey = normalizeEmail(input.email);
  await input.limiter.consume(accountKey, input.ip);
  if (input.password.length > PASSWORD_MAX_LENGTH) throw new InvalidCredentialsError();
  const credentials = await storage.users.getCredentials(accountKey);
  const passwordHash = credentials?.passwordHash ?? (await getDummyPasswordHash());
  const valid = await verifyPassword(passwordHash, input.password);
  if (!credentials || !valid) throw new InvalidCredentialsError();
  // Only after the password: a wrong guess must not learn that the account exists.
  if ((await storage.instance.getUser(credentials.user.id))?.disabledAt != null) {
    throw new AccountDisabledError();
  }
  await input.limiter.succeeded(accountKey, input.ip);
  const { token, session } = await createSession(storage, credentials.user.id, options);
  return { user: credentials.user, session, token };
}

export interface ChangePasswordInput {
  userId: string;
  currentPassword: string;
  newPassword: string;
  /** The session making the change stays signed in; every other one is ended. */
  currentSessionId: string;
}

export async function changePassword(storage: Storage, input: ChangePasswordInput): Promise<void> {
  const passwordHash = await storage.users.getPasswordHash(input.userId);
  if (passwordHash === null || !(await verifyPassword(passwordHash, input.currentPassword))) {
    throw new InvalidCredentialsError();
  }
  assertPasswordAcceptable(input.newPassword);
  await storage.users.updatePasswordHash(input.userId, await hashPassword(input.newPassword));
  await invalidateAllSessions(storage, input.userId, { exceptSessionId: input.currentSessionId });
}
