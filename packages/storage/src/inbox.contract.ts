import { expect, it } from 'vitest';
import { newUser } from './account-store.contract.ts';
import type { InboxKind } from './inbox-types.ts';
import type { ContractContext } from './contract-context.ts';

const item = (id: string, userId: string, createdAt: number, kind: InboxKind = 'mention') => ({
  id,
  userId,
  boardId: 'b1',
  kind,
  payload: JSON.stringify({ id }),
  createdAt,
});

export function inboxStoreContract({ open }: ContractContext): void {
  async function world() {
    const storage = await open();
    await storage.users.create(newUser('u1'));
    await storage.users.create(newUser('u2'));
    await storage.boards.create({ id: 'b1', title: 'Board' });
    return storage;
  }

  it('adds an event once and lists the newest first with the unread count', async () => {
    const storage = await world();
    expect(await storage.inbox.add(item('a', 'u1', 10))).toBe(true);
    expect(await storage.inbox.add(item('b', 'u1', 20))).toBe(true);
    expect(await storage.inbox.add(item('a', 'u1', 30))).toBe(false);
    await storage.inbox.add(item('c', 'u2', 40));
    const listed = await (await open()).inbox.list('u1', 10);
    expect(listed.map((e) => [e.id, e.createdAt, e.readAt])).toEqual([
      ['b', 20, null],
      ['a', 10, null],
    ]);
    expect(await storage.inbox.unreadCount('u1')).toBe(2);
    expect((await storage.inbox.list('u1', 1)).map((e) => e.id)).toEqual(['b']);
  });

  it('marks only the reader’s own entries read', async () => {
    const storage = await world();
    await storage.inbox.add(item('a', 'u1', 10));
    await storage.inbox.add(item('c', 'u2', 40));
    await storage.inbox.markRead('u1', ['a', 'c'], 500);
    await storage.inbox.markRead('u1', ['a'], 900);
    expect(await storage.inbox.unreadCount('u1')).toBe(0);
    expect((await storage.inbox.list('u1', 5))[0]?.readAt).toBe(500);
    expect(await storage.inbox.unreadCount('u2')).toBe(1);
  });

  it('lists a board’s unread entries of one kind for everyone', async () => {
    const storage = await world();
    await storage.inbox.add(item('r1', 'u1', 10, 'access_request'));
    await storage.inbox.add(item('r2', 'u2', 20, 'access_request'));
    await storage.inbox.add(item('m', 'u1', 30));
    await storage.inbox.markRead('u2', ['r2'], 50);
    const requests = await storage.inbox.unreadOnBoard('b1', 'access_request');
    expect(requests.map((e) => e.id)).toEqual(['r1']);
  });

  it('reads past a row of an unknown kind and forgets a deleted board’s entries', async () => {
    const storage = await world();
    await storage.inbox.add({ ...item('x', 'u1', 5), kind: 'bogus' as InboxKind });
    await storage.inbox.add(item('a', 'u1', 10));
    expect((await storage.inbox.list('u1', 5)).map((e) => e.id)).toEqual(['a']);
    await storage.boards.delete('b1');
    expect(await storage.inbox.list('u1', 5)).toEqual([]);
  });
}
