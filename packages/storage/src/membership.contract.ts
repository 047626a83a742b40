import { expect, it } from 'vitest';
import { newUser } from './account-store.contract.ts';
import type { ContractContext } from './contract-context.ts';
import type { NewInvite, Storage } from './types.ts';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 0, 1);

/** Users u1..un and board b1 owned by u1. */
async function setUp(storage: Storage, users = 3): Promise<void> {
  for (let i = 1; i <= users; i++) await storage.users.create(newUser(`u${i}`));
  await storage.boards.create({ id: 'b1', title: 'Onboarding', createdBy: 'u1' });
  await storage.members.add('b1', 'u1', 'owner');
}

function invite(overrides: Partial<NewInvite> = {}): NewInvite {
  return {
    id: 'inv-hash',
    boardId: 'b1',
    role: 'editor',
    createdBy: 'u1',
    createdAt: T0,
    expiresAt: T0 + 7 * DAY,
    ...overrides,
  };
}

export function memberStoreContract({ open }: ContractContext): void {
  it('adds a member once; a second add changes nothing', async () => {
    const storage = await open();
    await setUp(storage);
    expect(await storage.members.add('b1', 'u2', 'viewer')).toBe(true);
    expect(await storage.members.add('b1', 'u2', 'editor')).toBe(false);
    expect(await storage.members.getRole('b1', 'u2')).toBe('viewer');
  });

  it('has no role for a non-member or an unknown board', async () => {
    const storage = await open();
    await setUp(storage);
    expect(await storage.members.getRole('b1', 'u2')).toBeNull();
    expect(await storage.members.getRole('nope', 'u1')).toBeNull();
  });

  it('refuses a member of an unknown board', async () => {
    const storage = await open();
    await setUp(storage);
    await expect(storage.members.add('nope', 'u2', 'viewer')).rejects.toThrow();
  });

  it('lists members with their user, owners first, then by name', async () => {
    const storage = await open();
    await setUp(storage, 4);
    await storage.members.add('b1', 'u4', 'viewer');
    await storage.members.add('b1', 'u3', 'editor');
    await storage.members.add('b1', 'u2', 'editor');
    const members = await storage.members.listForBoard('b1');
    expect(members.map((m) => [m.user.id, m.role])).toEqual([
      ['u1', 'owner'],
      ['u2', 'editor'],
      ['u3', 'editor'],
      ['u4', 'viewer'],
    ]);
    expect(members[1]?.user).toEqual(await storage.users.get('u2'));
    expect(members[1]?.addedAt).toBeGreaterThan(0);
  });

  it('changes a role, and reports a non-member', async () => {
    const storage = await open();
    await setUp(storage);
    await storage.members.add('b1', 'u2', 'viewer');
    expect(await storage.members.changeRole('b1', 'u2', 'commenter')).toBe(true);
    expect(await storage.members.getRole('b1', 'u2')).toBe('commenter');
    expect(await storage.members.changeRole('b1', 'u3', 'editor')).toBe(false);
    expect(await storage.members.getRole('b1', 'u3')).toBeNull();
  });

  it('removes a member, and reports a non-member', async () => {
    const storage = await open();
    await setUp(storage);
    await storage.members.add('b1', 'u2', 'editor');
    expect(await storage.members.remove('b1', 'u2')).toBe(true);
    expect(await storage.members.remove('b1', 'u2')).toBe(false);
    expect(await storage.members.getRole('b1', 'u2')).toBeNull();
  });

  it('lists the boards a user belongs to with the role, most recently updated first', async () => {
    const storage = await open();
    await setUp(storage);
    await storage.boards.create({ id: 'b2', title: 'Shared', createdBy: 'u2' });
    await storage.members.add('b2', 'u2', 'owner');
    await storage.members.add('b2', 'u1', 'commenter');
    await storage.boards.create({ id: 'b3', title: 'Not mine', createdBy: 'u3' });
    await storage.members.add('b3', 'u3', 'owner');
    await storage.boards.touch('b2', Date.now() + 1000);
    const boards = await storage.boards.listForUser('u1');
    expect(boards.map((b) => [b.id, b.title, b.role])).toEqual([
      ['b2', 'Shared', 'commenter'],
      ['b1', 'Onboarding', 'owner'],
    ]);
    expect(await storage.boards.listForUser('nobody')).toEqual([]);
  });

  it('forgets members and invites when the board is deleted', async () => {
    const storage = await open();
    await setUp(storage);
    await storage.invites.create(invite());
    await storage.boards.delete('b1');
    expect(await storage.members.getRole('b1', 'u1')).toBeNull();
    expect(await storage.boards.listForUser('u1')).toEqual([]);
    expect(await storage.invites.get('inv-hash')).toBeNull();
  });
}

export function inviteStoreContract({ open }: ContractContext): void {
  it('creates an invite and reads it back', async () => {
    const storage = await open();
    await setUp(storage);
    const created = await storage.invites.create(invite({ maxUses: 5 }));
    expect(created).toEqual({
      id: 'inv-hash',
      boardId: 'b1',
      role: 'editor',
      createdBy: 'u1',
      createdAt: T0,
      expiresAt: T0 + 7 * DAY,
      maxUses: 5,
      uses: 0,
      revokedAt: null,
    });
    expect(await storage.invites.get('inv-hash')).toEqual(created);
    expect(await storage.invites.get('other')).toBeNull();
  });

  it('counts uses up to the maximum, then refuses', async () => {
    const storage = await open();
    await setUp(storage);
    await storage.invites.create(invite({ maxUses: 2 }));
    expect((await storage.invites.consume('inv-hash', T0))?.uses).toBe(1);
    expect((await storage.invites.consume('inv-hash', T0))?.uses).toBe(2);
    expect(await storage.invites.consume('inv-hash', T0)).toBeNull();
    expect((await storage.invites.get('inv-hash'))?.uses).toBe(2);
  });

  it('lets an invite without a maximum be used any number of times', async () => {
    const storage = await open();
    await setUp(storage);
    await storage.invites.create(invite());
    for (let i = 0; i < 5; i++) await storage.invites.consume('inv-hash', T0);
    expect((await storage.invites.get('inv-hash'))?.uses).toBe(5);
  });

  it('refuses to consume an expired invite', async () => {
    const storage = await open();
    await setUp(storage);
    await storage.invites.create(invite({ expiresAt: T0 + DAY }));
    expect(await storage.invites.consume('inv-hash', T0 + DAY)).toBeNull();
    expect((await storage.invites.get('inv-hash'))?.uses).toBe(0);
  });

  it('refuses to consume a revoked invite, and keeps the first revocation time', async () => {
    const storage = await open();
    await setUp(storage);
    await storage.invites.create(invite());
    expect(await storage.invites.revoke('b1', 'inv-hash', T0 + 10)).toBe(true);
    expect(await storage.invites.revoke('b1', 'inv-hash', T0 + 20)).toBe(true);
    expect((await storage.invites.get('inv-hash'))?.revokedAt).toBe(T0 + 10);
    expect(await storage.invites.consume('inv-hash', T0 + 30)).toBeNull();
  });

  it('revokes only through the invite’s own board', async () => {
    const storage = await open();
    await setUp(storage);
    await storage.boards.create({ id: 'b2', title: 'Other' });
    await storage.invites.create(invite());
    expect(await storage.invites.revoke('b2', 'inv-hash')).toBe(false);
    expect(await storage.invites.revoke('b1', 'unknown')).toBe(false);
    expect((await storage.invites.get('inv-hash'))?.revokedAt).toBeNull();
  });

  it('lists a board’s invites newest first, revoked ones included', async () => {
    const storage = await open();
    await setUp(storage);
    await storage.boards.create({ id: 'b2', title: 'Other' });
    await storage.invites.create(invite({ id: 'old', createdAt: T0 }));
    await storage.invites.create(invite({ id: 'new', createdAt: T0 + 5 }));
    await storage.invites.create(invite({ id: 'elsewhere', boardId: 'b2' }));
    await storage.invites.revoke('b1', 'old');
    expect((await storage.invites.listForBoard('b1')).map((i) => i.id)).toEqual(['new', 'old']);
  });

  it('never lets two connections take the last use together', async () => {
    const first = await open();
    const second = await open();
    await setUp(first);
    await first.invites.create(invite({ maxUses: 3 }));
    const attempts = Array.from({ length: 10 }, (_, i) =>
      (i % 2 ? first : second).invites.consume('inv-hash', T0),
    );
    const taken = (await Promise.all(attempts)).filter((result) => result !== null);
    expect(taken.map((result) => result.uses).sort()).toEqual([1, 2, 3]);
    expect((await second.invites.get('inv-hash'))?.uses).toBe(3);
  });
}
