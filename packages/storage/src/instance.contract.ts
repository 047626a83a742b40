import { expect, it } from 'vitest';
import { newUser } from './account-store.contract.ts';
import type { ContractContext } from './contract-context.ts';

export function instanceStoreContract({ open }: ContractContext): void {
  it('keeps a setting and overwrites it', async () => {
    const storage = await open();
    expect(await storage.instance.getSetting('signup_mode')).toBeNull();
    await storage.instance.setSetting('signup_mode', 'invite-only');
    await storage.instance.setSetting('signup_mode', 'open');
    expect(await (await open()).instance.getSetting('signup_mode')).toBe('open');
  });

  it('lists users oldest first and marks the first account', async () => {
    const storage = await open();
    await storage.users.create(newUser('u1'));
    await storage.users.create(newUser('u2'));
    const users = await storage.instance.listUsers();
    expect(users.map((u) => [u.id, u.isFirst, u.isAdmin, u.disabledAt])).toEqual([
      ['u1', true, false, null],
      ['u2', false, false, null],
    ]);
  });

  it('makes a user admin and takes it back', async () => {
    const storage = await open();
    await storage.users.create(newUser('u1'));
    expect(await storage.instance.setAdmin('u1', true)).toBe(true);
    expect((await storage.instance.getUser('u1'))?.isAdmin).toBe(true);
    expect(await storage.instance.setAdmin('u1', false)).toBe(true);
    expect((await storage.instance.getUser('u1'))?.isAdmin).toBe(false);
    expect(await storage.instance.setAdmin('nobody', true)).toBe(false);
  });

  it('disabling a user ends their sessions and a disabled session never validates', async () => {
    const storage = await open();
    await storage.users.create(newUser('u1'));
    await storage.sessions.create({ id: 's1', userId: 'u1', expiresAt: Date.now() + 60_000 });
    expect(await storage.instance.setDisabled('u1', 1234)).toBe(true);
    expect((await storage.instance.getUser('u1'))?.disabledAt).toBe(1234);
    expect(await storage.sessions.getWithUser('s1')).toBeNull();
    // A session created while disabled (a race with sign-in) is not valid either.
    await storage.sessions.create({ id: 's2', userId: 'u1', expiresAt: Date.now() + 60_000 });
    expect(await storage.sessions.getWithUser('s2')).toBeNull();
    expect(await storage.instance.setDisabled('u1', null)).toBe(true);
    expect((await storage.sessions.getWithUser('s2'))?.user.id).toBe('u1');
    expect(await storage.instance.setDisabled('nobody', 1)).toBe(false);
  });

  it('knows whether any account exists', async () => {
    const storage = await open();
    expect(await storage.instance.hasUsers()).toBe(false);
    await storage.users.create(newUser('u1'));
    expect(await storage.instance.hasUsers()).toBe(true);
  });

  it('an email token is consumed once, and never after it expires', async () => {
    const storage = await open();
    await storage.users.create(newUser('u1'));
    await storage.emailTokens.create({ id: 'r1', userId: 'u1', purpose: 'reset', expiresAt: 2000 });
    await storage.emailTokens.create({ id: 'r2', userId: 'u1', purpose: 'reset', expiresAt: 2000 });
    const [first, second] = await Promise.all([
      storage.emailTokens.consume('r1', 'reset', 1000),
      (await open()).emailTokens.consume('r1', 'reset', 1000),
    ]);
    expect([first, second].sort()).toEqual([null, 'u1']);
    expect(await storage.emailTokens.consume('r2', 'reset', 2000)).toBeNull();
    expect(await storage.emailTokens.consume('unknown', 'reset', 1000)).toBeNull();
  });

  it('an email token only works for its purpose', async () => {
    const storage = await open();
    await storage.users.create(newUser('u1'));
    await storage.emailTokens.create({
      id: 'v1',
      userId: 'u1',
      purpose: 'verify',
      expiresAt: 2000,
    });
    expect(await storage.emailTokens.consume('v1', 'reset', 1000)).toBeNull();
    expect(await storage.emailTokens.consume('v1', 'verify', 1000)).toBe('u1');
  });

  it('marks an address verified', async () => {
    const storage = await open();
    await storage.users.create(newUser('u1'));
    expect((await storage.instance.getUser('u1'))?.emailVerifiedAt).toBeNull();
    expect(await storage.instance.markEmailVerified('u1', 1234)).toBe(true);
    expect((await storage.instance.getUser('u1'))?.emailVerifiedAt).toBe(1234);
    expect(await storage.instance.markEmailVerified('nobody', 1)).toBe(false);
  });

  it('counts users, boards and update log rows', async () => {
    const storage = await open();
    await storage.users.create(newUser('u1'));
    await storage.boards.create({ id: 'b1', title: 'One' });
    await storage.updates.append('b1', [new Uint8Array([0, 0])]);
    const counts = await storage.instance.counts();
    expect(counts).toMatchObject({ users: 1, boards: 1, updates: 1 });
    expect(counts.bytes).toBeGreaterThan(0);
  });
}
