import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  EMAIL_VERIFICATION_TTL_MS,
  createEmailVerification,
  verifyEmail,
} from './email-verification.ts';
import { VerificationLinkInvalidError } from './errors.ts';
import { openTestStorage, type TestStorage } from './test-storage.ts';

let t: TestStorage;

beforeEach(async () => {
  t = await openTestStorage();
});

afterEach(async () => {
  await t.dispose();
});

it('marks the address verified, once', async () => {
  const user = await t.createUser('ada@example.com');
  const token = await createEmailVerification(t.storage, user.id, { now: 1000 });
  await verifyEmail(t.storage, token, { now: 2000 });
  expect((await t.storage.instance.getUser(user.id))?.emailVerifiedAt).toBe(2000);
  await expect(verifyEmail(t.storage, token)).rejects.toBeInstanceOf(VerificationLinkInvalidError);
});

it('refuses an expired or made-up link', async () => {
  const user = await t.createUser('ada@example.com');
  const token = await createEmailVerification(t.storage, user.id, { now: 1000 });
  await expect(
    verifyEmail(t.storage, token, { now: 1000 + EMAIL_VERIFICATION_TTL_MS }),
  ).rejects.toBeInstanceOf(VerificationLinkInvalidError);
  await expect(verifyEmail(t.storage, 'b'.repeat(32))).rejects.toBeInstanceOf(
    VerificationLinkInvalidError,
  );
  expect((await t.storage.instance.getUser(user.id))?.emailVerifiedAt).toBeNull();
});
