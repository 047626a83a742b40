import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changePassword, signIn, signUp } from './accounts.ts';
import {
  InvalidCredentialsError,
  InvalidEmailError,
  TooManyAttemptsError,
  WeakPasswordError,
} from './errors.ts';
import { SignInLimiter } from './rate-limit.ts';
import { createSession, validateSessionToken } from './session.ts';
import { openTestStorage, type TestStorage } from './test-storage.ts';

const PASSWORD = 'correct horse battery staple';
const ATTEMPTS = 5;

let t: TestStorage;
let limiter: SignInLimiter;

beforeEach(async () => {
  t = await openTestStorage();
  limiter = new SignInLimiter({
    perAccount: { points: ATTEMPTS, durationSeconds: 900 },
    perIp: { points: ATTEMPTS * 2, durationSeconds: 900 },
  });
});

afterEach(async () => {
  await t.dispose();
});

async function register(email = 'Ada@Example.com') {
  const user = await signUp(t.storage, { email, password: PASSWORD, displayName: 'Ada Lovelace' });
  if (!user) throw new Error(`${email} is taken`);
  return user;
}

function attempt(email: string, password: string, ip: string | null = '203.0.113.7') {
  return signIn(t.storage, { email, password, ip, limiter });
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('sign-up', () => {
  it('creates the user with a hashed password', async () => {
    const user = await register();
    expect(user.email).toBe('Ada@Example.com');
    expect(user.colour).toMatch(/^#[0-9a-f]{6}$/);
    expect(await t.storage.users.getPasswordHash(user.id)).toMatch(/^\$argon2id\$/);
  });

  it('answers null, not an error, for an email already used in any case', async () => {
    const first = await register('ada@example.com');
    const again = signUp(t.storage, {
      email: 'ADA@example.COM',
      password: 'another fine passphrase',
      displayName: 'Mallory',
    });
    await expect(again).resolves.toBeNull();
    expect(await t.storage.users.getByEmail('ada@example.com')).toEqual(first);
  });

  it('lets only one of two simultaneous sign-ups with one email through', async () => {
    const results = await Promise.all(
      ['ada@example.com', 'ADA@example.com'].map((email) =>
        signUp(t.storage, { email, password: PASSWORD, displayName: 'Ada' }),
      ),
    );
    expect(results.filter((user) => user !== null)).toHaveLength(1);
  });

  it('refuses a malformed email', async () => {
    await expect(register('not-an-email')).rejects.toBeInstanceOf(InvalidEmailError);
  });

  it('refuses a short password', async () => {
    const signingUp = signUp(t.storage, {
      email: 'ada@example.com',
      password: 'short',
      displayName: 'Ada',
    });
    await expect(signingUp).rejects.toBeInstanceOf(WeakPasswordError);
  });
});

describe('sign-in', () => {
  it('opens a session with the right password, whatever the email case', async () => {
    const user = await register();
    const signedIn = await attempt('  ada@EXAMPLE.com ', PASSWORD);
    expect(signedIn.user.id).toBe(user.id);
    expect((await validateSessionToken(t.storage, signedIn.token))?.user.id).toBe(user.id);
  });

  it('gives the same error for an unknown email and a wrong password', async () => {
    await register();
    const unknown = await errorOf(attempt('nobody@example.com', PASSWORD));
    const wrong = await errorOf(attempt('ada@example.com', 'wrong password'));
    expect(unknown).toBeInstanceOf(InvalidCredentialsError);
    expect(wrong).toBeInstanceOf(InvalidCredentialsError);
    expect((unknown as InvalidCredentialsError).code).toBe('invalid-credentials');
    expect((unknown as Error).message).toBe((wrong as Error).message);
  });

  it(`refuses attempt ${ATTEMPTS + 1} on one account from one address, even with the right password`, async () => {
    await register();
    for (let i = 0; i < ATTEMPTS; i++) {
      await expect(attempt('ada@example.com', 'wrong', '198.51.100.1')).rejects.toBeInstanceOf(
        InvalidCredentialsError,
      );
    }
    await expect(attempt('ada@example.com', PASSWORD, '198.51.100.1')).rejects.toBeInstanceOf(
      TooManyAttemptsError,
    );
  });

  it('still lets the owner in from their own address while a stranger is locked out', async () => {
    await register();
    for (let i = 0; i <= ATTEMPTS; i++)
      await errorOf(attempt('ada@example.com', 'wrong', '198.51.100.1'));
    await expect(attempt('ada@example.com', PASSWORD, '192.0.2.44')).resolves.toMatchObject({
      user: { email: 'Ada@Example.com' },
    });
  });

  it('limits an unknown email exactly like a real one', async () => {
    for (let i = 0; i < ATTEMPTS; i++) await errorOf(attempt('ghost@example.com', 'wrong', null));
    await expect(attempt('ghost@example.com', 'wrong', null)).rejects.toBeInstanceOf(
      TooManyAttemptsError,
    );
  });

  it(`refuses attempt ${ATTEMPTS * 2 + 1} from one IP across accounts`, async () => {
    await register();
    for (let i = 0; i < ATTEMPTS * 2; i++) {
      await expect(attempt(`user${i}@example.com`, 'wrong')).rejects.toBeInstanceOf(
        InvalidCredentialsError,
      );
    }
    await expect(attempt('ada@example.com', PASSWORD)).rejects.toBeInstanceOf(TooManyAttemptsError);
    expect((await attempt('ada@example.com', PASSWORD, '192.0.2.1')).user.email).toBe(
      'Ada@Example.com',
    );
  });

  it('forgets earlier failures of an account after a successful sign-in', async () => {
    await register();
    for (let i = 0; i < ATTEMPTS - 1; i++) await errorOf(attempt('ada@example.com', 'wrong', null));
    await attempt('ada@example.com', PASSWORD, null);
    for (let i = 0; i < ATTEMPTS - 1; i++) await errorOf(attempt('ada@example.com', 'wrong', null));
    await expect(attempt('ada@example.com', PASSWORD, null)).resolves.toBeDefined();
  });
});

describe('change password', () => {
  it('replaces the password', async () => {
    const user = await register();
    const { session } = await createSession(t.storage, user.id);
    const newPassword = 'a much better passphrase';
    await changePassword(t.storage, {
      userId: user.id,
      currentPassword: PASSWORD,
      newPassword,
      currentSessionId: session.id,
    });
    await expect(attempt('ada@example.com', PASSWORD)).rejects.toBeInstanceOf(
      InvalidCredentialsError,
    );
    expect((await attempt('ada@example.com', newPassword)).user.id).toBe(user.id);
  });

  it('ends every other session and keeps the current one', async () => {
    const user = await register();
    const { session, token } = await createSession(t.storage, user.id);
    const other = await createSession(t.storage, user.id);
    await changePassword(t.storage, {
      userId: user.id,
      currentPassword: PASSWORD,
      newPassword: 'a much better passphrase',
      currentSessionId: session.id,
    });
    expect(await validateSessionToken(t.storage, token)).not.toBeNull();
    expect(await validateSessionToken(t.storage, other.token)).toBeNull();
  });

  it('refuses a wrong current password and changes nothing', async () => {
    const user = await register();
    const { session } = await createSession(t.storage, user.id);
    const changing = changePassword(t.storage, {
      userId: user.id,
      currentPassword: 'not it at all',
      newPassword: 'a much better passphrase',
      currentSessionId: session.id,
    });
    await expect(changing).rejects.toBeInstanceOf(InvalidCredentialsError);
    expect((await attempt('ada@example.com', PASSWORD)).user.id).toBe(user.id);
  });
});
