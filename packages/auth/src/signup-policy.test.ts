import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn, signUp } from './accounts.ts';
import {
  AccountDisabledError,
  InvalidCredentialsError,
  InvalidSettingError,
  SignUpClosedError,
} from './errors.ts';
import { createInvite, revokeInvite } from './invites.ts';
import { SignInLimiter } from './rate-limit.ts';
import { inviteTokenFromPath, readSignUpPolicy, saveSignUpPolicy } from './signup-policy.ts';
import { hashToken } from './tokens.ts';
import { openTestStorage, type TestStorage } from './test-storage.ts';

const PASSWORD = 'correct horse battery staple';

let t: TestStorage;

beforeEach(async () => {
  t = await openTestStorage();
});

afterEach(async () => {
  await t.dispose();
});

async function register(email: string, inviteToken?: string) {
  const user = await signUp(t.storage, {
    email,
    password: PASSWORD,
    displayName: 'Someone',
    inviteToken,
  });
  if (!user) throw new Error(`${email} is taken`);
  return { user };
}

async function adminWithBoard() {
  const admin = await register('admin@example.com');
  const boardId = await t.createBoard(admin.user.id);
  return { admin, boardId };
}

function setMode(mode: string, allowedDomains = '') {
  return saveSignUpPolicy(t.storage, { mode, allowedDomains, ssoAvailable: false });
}

describe('invite-only', () => {
  it('refuses someone without an invite and creates no account', async () => {
    await adminWithBoard();
    await setMode('invite-only');
    await expect(register('stranger@example.com')).rejects.toBeInstanceOf(SignUpClosedError);
    expect(await t.storage.users.getByEmail('stranger@example.com')).toBeNull();
  });

  it('lets in someone holding a live invite link, and not once it is revoked', async () => {
    const { admin, boardId } = await adminWithBoard();
    await setMode('invite-only');
    const { token } = await createInvite(t.storage, {
      boardId,
      createdBy: admin.user.id,
      role: 'editor',
    });
    expect((await register('guest@example.com', token)).user.email).toBe('guest@example.com');
    await revokeInvite(t.storage, { boardId, inviteId: hashToken(token), by: admin.user.id });
    await expect(register('late@example.com', token)).rejects.toBeInstanceOf(SignUpClosedError);
  });

  it('refuses a made-up invite token', async () => {
    await adminWithBoard();
    await setMode('invite-only');
    await expect(register('x@example.com', 'a'.repeat(32))).rejects.toBeInstanceOf(
      SignUpClosedError,
    );
  });

  it('always lets the first account in, so a fresh instance gets its admin', async () => {
    await t.storage.instance.setSetting('signup_mode', 'invite-only');
    expect((await register('first@example.com')).user.email).toBe('first@example.com');
  });
});

describe('allowed domains', () => {
  it('lets in addresses at the domains, whatever their case, and refuses others', async () => {
    await adminWithBoard();
    await setMode('domains', 'Example.org, @team.example.com');
    expect((await register('ada@EXAMPLE.org')).user.email).toBe('ada@EXAMPLE.org');
    expect((await register('bo@team.example.com')).user.email).toBe('bo@team.example.com');
    await expect(register('eve@example.org.evil.test')).rejects.toThrow(
      /example\.org, team\.example\.com/,
    );
  });
});

it('sso-only refuses every password sign-up after the first', async () => {
  await adminWithBoard();
  await t.storage.instance.setSetting('signup_mode', 'sso-only');
  await expect(register('x@example.com')).rejects.toThrow(/single sign-on/);
});

describe('saving the policy', () => {
  it('refuses an unknown mode, a bad domain, domains mode with none, SSO-only without SSO', async () => {
    await expect(setMode('closed')).rejects.toBeInstanceOf(InvalidSettingError);
    await expect(setMode('domains', 'example.org, not a domain!')).rejects.toThrow(
      /"not" is not a domain/,
    );
    await expect(setMode('domains', '  ')).rejects.toThrow(/at least one/);
    await expect(setMode('sso-only')).rejects.toThrow(/provider/);
    expect(await readSignUpPolicy(t.storage)).toEqual({ mode: 'open', allowedDomains: [] });
  });

  it('reads back what was saved, and a hand-edited bad mode as invite-only', async () => {
    await setMode('domains', 'example.org example.org');
    expect(await readSignUpPolicy(t.storage)).toEqual({
      mode: 'domains',
      allowedDomains: ['example.org'],
    });
    await t.storage.instance.setSetting('signup_mode', 'wide-open');
    expect((await readSignUpPolicy(t.storage)).mode).toBe('invite-only');
  });
});

it('finds the invite token in a /invite/<token> return path only', () => {
  expect(inviteTokenFromPath('/invite/abc?x=1')).toBe('abc');
  expect(inviteTokenFromPath('/b/abc')).toBeNull();
  expect(inviteTokenFromPath(null)).toBeNull();
});

describe('disabled accounts', () => {
  const limiter = () =>
    new SignInLimiter({
      perAccount: { points: 10, durationSeconds: 900 },
      perIp: { points: 10, durationSeconds: 900 },
    });

  it('are told so after the right password, and told nothing new after a wrong one', async () => {
    const { admin } = await adminWithBoard();
    await t.storage.instance.setDisabled(admin.user.id, Date.now());
    const attempt = (password: string) =>
      signIn(t.storage, { email: 'admin@example.com', password, ip: null, limiter: limiter() });
    await expect(attempt(PASSWORD)).rejects.toBeInstanceOf(AccountDisabledError);
    await expect(attempt('wrong password entirely')).rejects.toBeInstanceOf(
      InvalidCredentialsError,
    );
  });
});
