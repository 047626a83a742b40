import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn } from './accounts.ts';
import { AccountDisabledError, SignUpClosedError, SsoEmailUnverifiedError } from './errors.ts';
import { createInvite } from './invites.ts';
import { SignInLimiter } from './rate-limit.ts';
import { saveSignUpPolicy } from './signup-policy.ts';
import { signInWithSso, type SsoSignInInput } from './sso.ts';
import { validateSessionToken } from './session.ts';
import { openTestStorage, type TestStorage } from './test-storage.ts';

let t: TestStorage;

beforeEach(async () => {
  t = await openTestStorage();
});

afterEach(async () => {
  await t.dispose();
});

function viaKeycloak(subject: string, claims: Partial<SsoSignInInput> = {}) {
  return signInWithSso(t.storage, {
    provider: 'keycloak',
    providerName: 'Keycloak',
    subject,
    email: `${subject}@example.com`,
    emailVerified: true,
    name: 'Ada Lovelace',
    ...claims,
  });
}

describe('signInWithSso', () => {
  it('creates an account on the first sign-in and returns to it on the next', async () => {
    const first = await viaKeycloak('ada');
    expect(first.outcome).toBe('created');
    expect(first.user).toMatchObject({ email: 'ada@example.com', displayName: 'Ada Lovelace' });
    expect((await validateSessionToken(t.storage, first.token))?.user.id).toBe(first.user.id);
    // The address changed at the provider: the link, not the address, finds the account.
    const again = await viaKeycloak('ada', { email: 'ada@elsewhere.org' });
    expect(again).toMatchObject({ outcome: 'returning', user: { id: first.user.id } });
    expect((await t.storage.instance.getUser(first.user.id))?.emailVerifiedAt).not.toBeNull();
  });

  it('links to the password account with the same verified address', async () => {
    const owner = await t.createUser('grace@example.com');
    const signedIn = await viaKeycloak('g-1', { email: 'Grace@Example.com' });
    expect(signedIn).toMatchObject({ outcome: 'linked', user: { id: owner.id } });
    expect(await t.storage.identities.find('keycloak', 'g-1')).toBe(owner.id);
  });

  it('never links or creates on an address the provider did not verify', async () => {
    const owner = await t.createUser('grace@example.com');
    for (const emailVerified of [false, undefined, 'true']) {
      await expect(
        viaKeycloak('mallory', { email: 'grace@example.com', emailVerified }),
      ).rejects.toBeInstanceOf(SsoEmailUnverifiedError);
    }
    await expect(viaKeycloak('nobody', { emailVerified: false })).rejects.toThrow(/verified/);
    expect(await t.storage.identities.find('keycloak', 'mallory')).toBeNull();
    expect((await t.storage.instance.listUsers()).map((u) => u.id)).toEqual([owner.id]);
  });

  it('a new account respects the sign-up mode; SSO-only lets it in', async () => {
    const admin = await t.createUser('admin@corp.example');
    const ssoOnly = { mode: 'sso-only', allowedDomains: '', ssoAvailable: true };
    await saveSignUpPolicy(t.storage, {
      ...ssoOnly,
      mode: 'domains',
      allowedDomains: 'corp.example',
    });
    await expect(viaKeycloak('eve', { email: 'eve@gmail.example' })).rejects.toBeInstanceOf(
      SignUpClosedError,
    );
    expect((await viaKeycloak('bob', { email: 'bob@corp.example' })).outcome).toBe('created');

    await saveSignUpPolicy(t.storage, { ...ssoOnly, mode: 'invite-only' });
    await expect(viaKeycloak('carol')).rejects.toBeInstanceOf(SignUpClosedError);
    const boardId = await t.createBoard(admin.id);
    const { token } = await createInvite(t.storage, {
      boardId,
      role: 'editor',
      createdBy: admin.id,
    });
    expect((await viaKeycloak('carol', { inviteToken: token })).outcome).toBe('created');

    await saveSignUpPolicy(t.storage, ssoOnly);
    expect((await viaKeycloak('dan')).outcome).toBe('created');
  });

  it('a disabled account does not sign in through its provider either', async () => {
    const first = await viaKeycloak('ada');
    await t.storage.instance.setDisabled(first.user.id, Date.now());
    await expect(viaKeycloak('ada')).rejects.toBeInstanceOf(AccountDisabledError);
  });

  it('an account made by single sign-on has no password anyone knows', async () => {
    const { user } = await viaKeycloak('ada');
    const limiter = new SignInLimiter();
    await expect(
      signIn(t.storage, { email: user.email, password: '', ip: null, limiter }),
    ).rejects.toThrow(/incorrect/);
  });
});
