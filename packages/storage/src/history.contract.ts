import { expect, it } from 'vitest';
import { BoardNotFoundError } from './errors.ts';
import type { NewSnapshot } from './history-types.ts';
import type { ContractContext } from './contract-context.ts';
import type { Storage } from './types.ts';

const DAY = 24 * 60 * 60 * 1000;

async function setUp(storage: Storage): Promise<void> {
  await storage.boards.create({ id: 'b1', title: 'Board' });
  await storage.boards.create({ id: 'b2', title: 'Other' });
  await storage.users.create({
    id: 'u1',
    email: 'u1@example.com',
    displayName: 'Ada',
    colour: '#000000',
    passwordHash: 'x',
  });
}

function snapshot(patch: Partial<NewSnapshot> = {}): NewSnapshot {
  return {
    id: 's1',
    boardId: 'b1',
    name: 'Before the workshop',
    kind: 'manual',
    createdBy: 'u1',
    state: new Uint8Array([1, 2, 3, 4]),
    createdAt: 1_000,
    ...patch,
  };
}

export function historyContract({ open }: ContractContext): void {
  it('keeps who appended each update log entry and when', async () => {
    const storage = await open();
    await setUp(storage);
    const before = Date.now();
    await storage.updates.append('b1', [new Uint8Array([1]), new Uint8Array([2])], ['u1', null]);
    await storage.updates.append('b1', [new Uint8Array([3])]);
    const entries = await storage.updates.loadAttributed('b1');
    expect(entries.map(({ seq, author }) => ({ seq, author }))).toEqual([
      { seq: 1, author: 'u1' },
      { seq: 2, author: null },
      { seq: 3, author: null },
    ]);
    expect(entries[0]!.at).toBeGreaterThanOrEqual(before);
    expect([...entries[2]!.bytes]).toEqual([3]);
    // The plain reader is unchanged.
    expect((await storage.updates.load('b1')).map((e) => [...e.bytes])).toEqual([[1], [2], [3]]);
  });

  it('stores snapshots and lists them newest first, per board', async () => {
    const storage = await open();
    await setUp(storage);
    const first = await storage.snapshots.create(snapshot());
    expect(first).toEqual({
      id: 's1',
      boardId: 'b1',
      name: 'Before the workshop',
      kind: 'manual',
      createdBy: 'u1',
      createdAt: 1_000,
      size: 4,
    });
    await storage.snapshots.create(
      snapshot({ id: 's2', kind: 'auto', createdBy: null, name: 'Daily', createdAt: 2_000 }),
    );
    await storage.snapshots.create(snapshot({ id: 's3', boardId: 'b2', createdAt: 3_000 }));
    expect((await storage.snapshots.list('b1')).map((s) => s.id)).toEqual(['s2', 's1']);
    expect((await storage.snapshots.list('b1', 1)).map((s) => s.id)).toEqual(['s2']);
    expect([...((await storage.snapshots.getState('b1', 's1')) ?? [])]).toEqual([1, 2, 3, 4]);
    // A snapshot is only reachable through its own board.
    expect(await storage.snapshots.getState('b1', 's3')).toBeNull();
    expect(await storage.snapshots.get('b2', 's1')).toBeNull();
    expect(await storage.snapshots.latestAt('b1', 'auto')).toBe(2_000);
    expect(await storage.snapshots.latestAt('b1', 'before-restore')).toBeNull();
  });

  it('refuses a snapshot of a missing board and deletes snapshots with their board', async () => {
    const storage = await open();
    await setUp(storage);
    await expect(storage.snapshots.create(snapshot({ boardId: 'nope' }))).rejects.toBeInstanceOf(
      BoardNotFoundError,
    );
    await storage.snapshots.create(snapshot());
    await storage.boards.delete('b1');
    expect(await storage.snapshots.list('b1')).toEqual([]);
  });

  it('takes a due snapshot once per interval, even when two nodes race', async () => {
    const storage = await open();
    const other = await open();
    await setUp(storage);
    const auto = (id: string, createdAt: number) =>
      snapshot({ id, kind: 'auto', createdBy: null, createdAt });
    const raced = await Promise.all([
      storage.snapshots.createIfDue(auto('a1', 10 * DAY), DAY),
      other.snapshots.createIfDue(auto('a2', 10 * DAY), DAY),
    ]);
    expect(raced.filter((s) => s !== null)).toHaveLength(1);
    expect(await storage.snapshots.createIfDue(auto('a3', 10.5 * DAY), DAY)).toBeNull();
    // A manual snapshot does not count as the daily one.
    await storage.snapshots.create(snapshot({ id: 'm1', createdAt: 10.9 * DAY }));
    expect(await storage.snapshots.createIfDue(auto('a4', 11.1 * DAY), DAY)).toMatchObject({
      id: 'a4',
      kind: 'auto',
    });
    await expect(
      storage.snapshots
        .createIfDue(auto('a5', 20 * DAY), DAY)
        .then(() =>
          storage.snapshots.createIfDue({ ...auto('a6', 30 * DAY), boardId: 'nope' }, DAY),
        ),
    ).rejects.toBeInstanceOf(BoardNotFoundError);
  });

  it('keeps saved templates private to the member who saved them', async () => {
    const storage = await open();
    await setUp(storage);
    await storage.users.create({
      id: 'u2',
      email: 'u2@example.com',
      displayName: 'Bo',
      colour: '#000000',
      passwordHash: 'x',
    });
    const template = await storage.templates.create({
      id: 't1',
      name: 'Onboarding workshop',
      createdBy: 'u1',
      body: '{"format":"journeyboard"}',
      createdAt: 5,
    });
    expect(template).toEqual({
      id: 't1',
      name: 'Onboarding workshop',
      description: '',
      createdBy: 'u1',
      createdAt: 5,
    });
    await storage.templates.create({
      id: 't2',
      name: 'Later',
      description: 'Two stages',
      createdBy: 'u1',
      body: '{}',
      createdAt: 6,
    });
    expect((await storage.templates.listForUser('u1')).map((t) => t.id)).toEqual(['t2', 't1']);
    expect(await storage.templates.listForUser('u2')).toEqual([]);
    expect(await storage.templates.getBody('t1', 'u1')).toBe('{"format":"journeyboard"}');
    expect(await storage.templates.getBody('t1', 'u2')).toBeNull();
    expect(await storage.templates.delete('t1', 'u2')).toBe(false);
    expect(await storage.templates.delete('t1', 'u1')).toBe(true);
    expect((await storage.templates.listForUser('u1')).map((t) => t.id)).toEqual(['t2']);
  });
}
