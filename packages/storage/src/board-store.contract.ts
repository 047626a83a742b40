import { expect, it } from 'vitest';
import { BoardExistsError } from './errors.ts';
import type { ContractContext } from './contract-context.ts';

export function boardStoreContract({ open }: ContractContext): void {
  it('creates a board and reads it back', async () => {
    const storage = await open();
    const before = Date.now();
    const created = await storage.boards.create({ id: 'b1', title: 'Onboarding', createdBy: 'u1' });
    expect(created).toMatchObject({ id: 'b1', title: 'Onboarding', createdBy: 'u1' });
    expect(created.createdAt).toBeGreaterThanOrEqual(before);
    expect(created.updatedAt).toBe(created.createdAt);
    expect(await storage.boards.get('b1')).toEqual(created);
  });

  it('stores a missing creator as null', async () => {
    const storage = await open();
    await storage.boards.create({ id: 'b1', title: 'Anonymous' });
    expect((await storage.boards.get('b1'))?.createdBy).toBeNull();
  });

  it('returns null for an unknown board', async () => {
    const storage = await open();
    expect(await storage.boards.get('nope')).toBeNull();
  });

  it('refuses a board id that is taken', async () => {
    const storage = await open();
    await storage.boards.create({ id: 'b1', title: 'First' });
    await expect(storage.boards.create({ id: 'b1', title: 'Second' })).rejects.toBeInstanceOf(
      BoardExistsError,
    );
    expect((await storage.boards.get('b1'))?.title).toBe('First');
  });

  it('lists boards most recently updated first', async () => {
    const storage = await open();
    await storage.boards.create({ id: 'a', title: 'A' });
    await storage.boards.create({ id: 'b', title: 'B' });
    await storage.boards.create({ id: 'c', title: 'C' });
    const now = Date.now();
    await storage.boards.touch('a', now + 2000);
    await storage.boards.touch('c', now + 1000);
    expect((await storage.boards.list()).map((board) => board.id)).toEqual(['a', 'c', 'b']);
  });

  it('lists nothing on an empty database', async () => {
    const storage = await open();
    expect(await storage.boards.list()).toEqual([]);
  });

  it('renames a board', async () => {
    const storage = await open();
    await storage.boards.create({ id: 'b1', title: 'Old' });
    await storage.boards.rename('b1', 'New');
    expect((await storage.boards.get('b1'))?.title).toBe('New');
  });

  it('touch sets updatedAt and never moves it back', async () => {
    const storage = await open();
    const board = await storage.boards.create({ id: 'b1', title: 'T' });
    await storage.boards.touch('b1', board.createdAt + 5000);
    await storage.boards.touch('b1', board.createdAt + 10);
    const touched = await storage.boards.get('b1');
    expect(touched?.updatedAt).toBe(board.createdAt + 5000);
    expect(touched?.createdAt).toBe(board.createdAt);
  });

  it('deletes a board and its whole log', async () => {
    const storage = await open();
    await storage.boards.create({ id: 'b1', title: 'Doomed' });
    await storage.updates.append('b1', [new Uint8Array([1]), new Uint8Array([2])]);
    await storage.boards.delete('b1');
    expect(await storage.boards.get('b1')).toBeNull();
    expect(await storage.updates.load('b1')).toEqual([]);
    expect(await storage.updates.count('b1')).toBe(0);
  });

  it('deleting a board leaves other boards and their logs alone', async () => {
    const storage = await open();
    await storage.boards.create({ id: 'keep', title: 'Keep' });
    await storage.boards.create({ id: 'drop', title: 'Drop' });
    await storage.updates.append('keep', [new Uint8Array([7])]);
    await storage.updates.append('drop', [new Uint8Array([8])]);
    await storage.boards.delete('drop');
    expect((await storage.boards.list()).map((board) => board.id)).toEqual(['keep']);
    expect(await storage.updates.count('keep')).toBe(1);
  });

  it('a board id can be reused after delete, with a fresh log', async () => {
    const storage = await open();
    await storage.boards.create({ id: 'b1', title: 'One' });
    await storage.updates.append('b1', [new Uint8Array([1]), new Uint8Array([2])]);
    await storage.boards.delete('b1');
    await storage.boards.create({ id: 'b1', title: 'Two' });
    expect(await storage.updates.append('b1', [new Uint8Array([3])])).toBe(1);
  });

  it('keeps boards when the database is reopened', async () => {
    const first = await open();
    await createPersisted(first);
    await first.close();
    const second = await open();
    expect((await second.boards.get('b1'))?.title).toBe('Persisted');
  });

  it('two storages opening a fresh database at once both end up migrated', async () => {
    const [first, second] = await Promise.all([open(), open()]);
    expect(await first.schemaVersion()).toBe(await second.schemaVersion());
    await first.boards.create({ id: 'b1', title: 'Shared' });
    expect((await second.boards.get('b1'))?.title).toBe('Shared');
  });

  it('applies migrations once: opening twice leaves the schema and data as they were', async () => {
    const first = await open();
    await createPersisted(first);
    const version = await first.schemaVersion();
    expect(version).toBeGreaterThanOrEqual(1);
    const second = await open();
    expect(await second.schemaVersion()).toBe(version);
    expect((await second.boards.get('b1'))?.title).toBe('Persisted');
  });
}

async function createPersisted(storage: Awaited<ReturnType<ContractContext['open']>>) {
  await storage.boards.create({ id: 'b1', title: 'Persisted' });
}
