import { afterEach, beforeEach, expect, it } from 'vitest';
import { signIn, signUp } from './accounts.ts';
import { InvalidCredentialsError, ResetLinkInvalidError, WeakPasswordError } from './errors.ts';
import { PASSWORD_RESET_TTL_MS, createPasswordReset, resetPassword } from './password-reset.ts';
import { SignInLimiter } from './rate-limit.ts';
import { createSession, validateSessionToken } from './session.ts';
import { openTestStorage, type TestStorage } from './test-storage.ts';

const OLD = 'correct horse battery staple';
const NEW = 'a brand new passphrase';

let t: TestStorage;

beforeEach(async () => {
  t = await openTestStorage();
});

afterEach(async () => {
  await t.dispose();
});

const limiter = () =>
  new SignInLimiter({
    perAccount: { points: 10, durationSeconds: 900 },
    perIp: { points: 10, durationSeconds: 900 },
  });

function attempt(password: string) {
  return signIn(t.storage, { email: 'ada@example.com', password, ip: null, limiter: limiter() });
}

/** Sign-up opens no session: Ada signs up, then her browser holds one. */
async function adaWithSession() {
  const user = await signUp(t.storage, {
    email: 'ada@example.com',
    password: OLD,
    displayName: 'Ada',
  });
  if (!user) throw new Error('ada@example.com is taken');
  const { token } = await createSession(t.storage, user.id);
  return { user, token };
}

it('sets the new password, ends every session, and works once', async () => {
  const account = await adaWithSession();
  const reset = await createPasswordReset(t.storage, 'ADA@example.com');
  expect(reset?.user.id).toBe(account.user.id);
  await resetPassword(t.storage, { token: reset?.token ?? '', newPassword: NEW });
  expect(await validateSessionToken(t.storage, account.token)).toBeNull();
  await expect(attempt(OLD)).rejects.toBeInstanceOf(InvalidCredentialsError);
  expect((await attempt(NEW)).user.id).toBe(account.user.id);
  await expect(
    resetPassword(t.storage, { token: reset?.token ?? '', newPassword: 'yet another passphrase' }),
  ).rejects.toBeInstanceOf(ResetLinkInvalidError);
});

it('refuses an expired link', async () => {
  await signUp(t.storage, { email: 'ada@example.com', password: OLD, displayName: 'Ada' });
  const reset = await createPasswordReset(t.storage, 'ada@example.com', { now: 1000 });
  await expect(
    resetPassword(
      t.storage,
      { token: reset?.token ?? '', newPassword: NEW },
      { now: 1000 + PASSWORD_RESET_TTL_MS },
    ),
  ).rejects.toBeInstanceOf(ResetLinkInvalidError);
});

it('keeps the link usable when the new password is too weak', async () => {
  await signUp(t.storage, { email: 'ada@example.com', password: OLD, displayName: 'Ada' });
  const reset = await createPasswordReset(t.storage, 'ada@example.com');
  const token = reset?.token ?? '';
  await expect(resetPassword(t.storage, { token, newPassword: 'short' })).rejects.toBeInstanceOf(
    WeakPasswordError,
  );
  await resetPassword(t.storage, { token, newPassword: NEW });
});

it('gives no link for an unknown or disabled account, and refuses made-up tokens', async () => {
  const account = await adaWithSession();
  expect(await createPasswordReset(t.storage, 'nobody@example.com')).toBeNull();
  await t.storage.instance.setDisabled(account.user.id, Date.now());
  expect(await createPasswordReset(t.storage, 'ada@example.com')).toBeNull();
  for (const token of ['', 'x'.repeat(10_000), 'a'.repeat(32)]) {
    await expect(resetPassword(t.storage, { token, newPassword: NEW })).rejects.toBeInstanceOf(
      ResetLinkInvalidError,
    );
  }
});
