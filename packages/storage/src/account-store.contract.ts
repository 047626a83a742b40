import { expect, it } from 'vitest';
import { EmailTakenError } from './errors.ts';
import type { ContractContext } from './contract-context.ts';
import type { NewUser, Storage } from './types.ts';

export function newUser(id: string, email = `${id}@example.com`): NewUser {
  return {
    id,
    email,
    displayName: id.toUpperCase(),
    colour: '#3d85c6',
    passwordHash: `hash-${id}`,
  };
}

const DAY = 24 * 60 * 60 * 1000;

async function withUsers(storage: Storage, ...ids: string[]): Promise<void> {
  for (const id of ids) await storage.users.create(newUser(id));
}

export function userStoreContract({ open }: ContractContext): void {
  it('creates a user and reads it by id and by email in any case', async () => {
    const storage = await open();
    const before = Date.now();
    const created = await storage.users.create({
      ...newUser('u1', 'Ada@Example.com'),
      department: 'Support',
    });
    expect(created).toMatchObject({ id: 'u1', email: 'Ada@Example.com', department: 'Support' });
    expect(created.createdAt).toBeGreaterThanOrEqual(before);
    expect(await storage.users.get('u1')).toEqual(created);
    expect(await storage.users.getByEmail('ada@EXAMPLE.com')).toEqual(created);
  });

  it('stores a missing department as null', async () => {
    const storage = await open();
    expect((await storage.users.create(newUser('u1'))).department).toBeNull();
  });

  it('refuses an email that differs from a taken one only in case', async () => {
    const storage = await open();
    await storage.users.create(newUser('u1', 'ada@example.com'));
    await expect(storage.users.create(newUser('u2', 'ADA@example.com'))).rejects.toBeInstanceOf(
      EmailTakenError,
    );
    expect(await storage.users.get('u2')).toBeNull();
  });

  it('finds an address with a non-ASCII capital by any case of it, and NFC or not', async () => {
    const storage = await open();
    const created = await storage.users.create(newUser('u1', 'Ärger.Ülrich@Example.com'));
    expect(await storage.users.getByEmail('ärger.ülrich@example.com')).toEqual(created);
    // "A" + combining diaeresis: the same address typed on another keyboard.
    expect(await storage.users.getCredentials('A\u0308rger.ülrich@example.com')).toMatchObject({
      user: created,
    });
  });

  it('refuses an email that differs from a taken one only by a non-ASCII capital', async () => {
    const storage = await open();
    await storage.users.create(newUser('u1', 'émile@example.com'));
    await expect(storage.users.create(newUser('u2', 'Émile@example.com'))).rejects.toBeInstanceOf(
      EmailTakenError,
    );
  });

  it('returns null for an unknown id or email', async () => {
    const storage = await open();
    expect(await storage.users.get('nobody')).toBeNull();
    expect(await storage.users.getByEmail('nobody@example.com')).toBeNull();
    expect(await storage.users.getCredentials('nobody@example.com')).toBeNull();
    expect(await storage.users.getPasswordHash('nobody')).toBeNull();
  });

  it('keeps the password hash out of ordinary reads', async () => {
    const storage = await open();
    await storage.users.create(newUser('u1'));
    expect(JSON.stringify(await storage.users.get('u1'))).not.toContain('hash-u1');
    expect(await storage.users.getCredentials('U1@example.com')).toMatchObject({
      user: { id: 'u1' },
      passwordHash: 'hash-u1',
    });
  });

  it('updates only the profile fields given, and can clear the department', async () => {
    const storage = await open();
    await storage.users.create({ ...newUser('u1'), department: 'Sales' });
    await storage.users.updateProfile('u1', { displayName: 'Ada L.' });
    expect(await storage.users.get('u1')).toMatchObject({
      displayName: 'Ada L.',
      colour: '#3d85c6',
      department: 'Sales',
    });
    await storage.users.updateProfile('u1', { colour: '#e07a5f', department: null });
    expect(await storage.users.get('u1')).toMatchObject({
      displayName: 'Ada L.',
      colour: '#e07a5f',
      department: null,
    });
  });

  it('replaces the password hash', async () => {
    const storage = await open();
    await storage.users.create(newUser('u1'));
    await storage.users.updatePasswordHash('u1', 'new-hash');
    expect(await storage.users.getPasswordHash('u1')).toBe('new-hash');
  });
}

export function sessionStoreContract({ open }: ContractContext): void {
  it('creates a session and reads it back with its user', async () => {
    const storage = await open();
    await withUsers(storage, 'u1');
    const session = await storage.sessions.create({
      id: 'hash-1',
      userId: 'u1',
      expiresAt: 1_000 + 30 * DAY,
      createdAt: 1_000,
    });
    expect(session).toEqual({
      id: 'hash-1',
      userId: 'u1',
      expiresAt: 1_000 + 30 * DAY,
      createdAt: 1_000,
    });
    const found = await storage.sessions.getWithUser('hash-1');
    expect(found?.session).toEqual(session);
    expect(found?.user).toEqual(await storage.users.get('u1'));
  });

  it('returns null for an unknown session', async () => {
    const storage = await open();
    expect(await storage.sessions.getWithUser('nope')).toBeNull();
  });

  it('refuses a session for an unknown user', async () => {
    const storage = await open();
    await expect(
      storage.sessions.create({ id: 's1', userId: 'ghost', expiresAt: Date.now() + DAY }),
    ).rejects.toThrow();
  });

  it('moves the expiry', async () => {
    const storage = await open();
    await withUsers(storage, 'u1');
    await storage.sessions.create({ id: 's1', userId: 'u1', expiresAt: 5_000 });
    await storage.sessions.updateExpiry('s1', 9_000);
    expect((await storage.sessions.getWithUser('s1'))?.session.expiresAt).toBe(9_000);
  });

  it('deletes one session', async () => {
    const storage = await open();
    await withUsers(storage, 'u1');
    await storage.sessions.create({ id: 's1', userId: 'u1', expiresAt: Date.now() + DAY });
    await storage.sessions.create({ id: 's2', userId: 'u1', expiresAt: Date.now() + DAY });
    await storage.sessions.delete('s1');
    expect(await storage.sessions.getWithUser('s1')).toBeNull();
    expect(await storage.sessions.getWithUser('s2')).not.toBeNull();
  });

  it('deletes all sessions of a user but the one kept, and no one else’s', async () => {
    const storage = await open();
    await withUsers(storage, 'u1', 'u2');
    const expiresAt = Date.now() + DAY;
    for (const id of ['a', 'b', 'c'])
      await storage.sessions.create({ id, userId: 'u1', expiresAt });
    await storage.sessions.create({ id: 'other', userId: 'u2', expiresAt });
    await storage.sessions.deleteAllForUser('u1', 'b');
    expect(await storage.sessions.getWithUser('a')).toBeNull();
    expect(await storage.sessions.getWithUser('b')).not.toBeNull();
    expect(await storage.sessions.getWithUser('c')).toBeNull();
    expect(await storage.sessions.getWithUser('other')).not.toBeNull();
    await storage.sessions.deleteAllForUser('u1');
    expect(await storage.sessions.getWithUser('b')).toBeNull();
  });

  it('deletes expired sessions and says how many', async () => {
    const storage = await open();
    await withUsers(storage, 'u1');
    await storage.sessions.create({ id: 'old', userId: 'u1', expiresAt: 1_000 });
    await storage.sessions.create({ id: 'edge', userId: 'u1', expiresAt: 2_000 });
    await storage.sessions.create({ id: 'live', userId: 'u1', expiresAt: 3_000 });
    expect(await storage.sessions.deleteExpired(2_000)).toBe(2);
    expect(await storage.sessions.getWithUser('live')).not.toBeNull();
  });
}
