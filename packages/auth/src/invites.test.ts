import type { User } from '@journeyboard/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ForbiddenError, InviteInvalidError } from './errors.ts';
import { acceptInvite, createInvite, revokeInvite } from './invites.ts';
import { openTestStorage, type TestStorage } from './test-storage.ts';
import { generateSessionToken, hashToken } from './tokens.ts';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 0, 1);

let t: TestStorage;
let owner: User;
let guest: User;
let boardId: string;

beforeEach(async () => {
  t = await openTestStorage();
  owner = await t.createUser('owner@example.com');
  guest = await t.createUser('guest@example.com');
  boardId = await t.createBoard(owner.id);
});

afterEach(async () => {
  await t.dispose();
});

function invite(options: { maxUses?: number | null; expiresInMs?: number } = {}) {
  return createInvite(
    t.storage,
    { boardId, createdBy: owner.id, role: 'editor', ...options },
    { now: T0 },
  );
}

describe('invites', () => {
  it('stores only the hash of the link token', async () => {
    const { token, invite: created } = await invite();
    expect(created.id).toBe(hashToken(token));
    expect(await t.storage.invites.get(hashToken(token))).toMatchObject({ boardId, uses: 0 });
  });

  it('makes whoever accepts a member with the invite role', async () => {
    const { token } = await invite();
    const accepted = await acceptInvite(t.storage, { token, userId: guest.id }, { now: T0 });
    expect(accepted).toEqual({ boardId, role: 'editor' });
    expect(await t.storage.members.getRole(boardId, guest.id)).toBe('editor');
  });

  it('refuses an expired invite', async () => {
    const { token } = await invite({ expiresInMs: DAY });
    const accepting = acceptInvite(t.storage, { token, userId: guest.id }, { now: T0 + DAY });
    await expect(accepting).rejects.toBeInstanceOf(InviteInvalidError);
    expect(await t.storage.members.getRole(boardId, guest.id)).toBeNull();
  });

  it('refuses a revoked invite', async () => {
    const { token, invite: created } = await invite();
    await revokeInvite(t.storage, { boardId, inviteId: created.id, by: owner.id });
    const accepting = acceptInvite(t.storage, { token, userId: guest.id }, { now: T0 });
    await expect(accepting).rejects.toBeInstanceOf(InviteInvalidError);
  });

  it('refuses the use after the last one allowed', async () => {
    const third = await t.createUser('third@example.com');
    const { token } = await invite({ maxUses: 1 });
    await acceptInvite(t.storage, { token, userId: guest.id }, { now: T0 });
    const accepting = acceptInvite(t.storage, { token, userId: third.id }, { now: T0 });
    await expect(accepting).rejects.toBeInstanceOf(InviteInvalidError);
  });

  it('lets only one of two racing users take the last use', async () => {
    const users = await Promise.all(
      ['a', 'b', 'c', 'd'].map((name) => t.createUser(`${name}@example.com`)),
    );
    const { token } = await invite({ maxUses: 1 });
    const results = await Promise.allSettled(
      users.map((user) => acceptInvite(t.storage, { token, userId: user.id }, { now: T0 })),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect((await t.storage.invites.get(hashToken(token)))?.uses).toBe(1);
  });

  it('keeps a stronger role and uses nothing up', async () => {
    const { token } = await invite({ maxUses: 1 });
    const accepted = await acceptInvite(t.storage, { token, userId: owner.id }, { now: T0 });
    expect(accepted.role).toBe('owner');
    expect((await t.storage.invites.get(hashToken(token)))?.uses).toBe(0);
  });

  it('raises a weaker member to the invite role', async () => {
    await t.storage.members.add(boardId, guest.id, 'viewer');
    const { token } = await invite();
    await acceptInvite(t.storage, { token, userId: guest.id }, { now: T0 });
    expect(await t.storage.members.getRole(boardId, guest.id)).toBe('editor');
  });

  it('refuses an unknown token', async () => {
    const accepting = acceptInvite(t.storage, { token: generateSessionToken(), userId: guest.id });
    await expect(accepting).rejects.toBeInstanceOf(InviteInvalidError);
  });

  it('lets only owners create invites', async () => {
    await t.storage.members.add(boardId, guest.id, 'editor');
    const creating = createInvite(t.storage, { boardId, createdBy: guest.id, role: 'viewer' });
    await expect(creating).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('never grants ownership through a link', async () => {
    const creating = createInvite(t.storage, {
      boardId,
      createdBy: owner.id,
      role: 'owner' as 'editor',
    });
    await expect(creating).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('lets only owners revoke invites', async () => {
    const { invite: created } = await invite();
    await t.storage.members.add(boardId, guest.id, 'editor');
    const revoking = revokeInvite(t.storage, { boardId, inviteId: created.id, by: guest.id });
    await expect(revoking).rejects.toBeInstanceOf(ForbiddenError);
  });
});
