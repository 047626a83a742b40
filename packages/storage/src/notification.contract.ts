import { expect, it } from 'vitest';
import { newUser } from './account-store.contract.ts';
import type { ContractContext } from './contract-context.ts';

const item = (id: string, createdAt: number, kind: 'mention' | 'reply' = 'mention') => ({
  id,
  userId: 'u1',
  kind,
  payload: JSON.stringify({ id }),
  createdAt,
});

export function notificationStoreContract({ open }: ContractContext): void {
  it('has every kind on until the user turns one off', async () => {
    const storage = await open();
    await storage.users.create(newUser('u1'));
    expect(await storage.notifications.disabledKinds('u1')).toEqual([]);
    await storage.notifications.setEnabled('u1', 'reply', false);
    await storage.notifications.setEnabled('u1', 'mention', false);
    await storage.notifications.setEnabled('u1', 'mention', true);
    expect(await (await open()).notifications.disabledKinds('u1')).toEqual(['reply']);
  });

  it('queues an event once and lists what is unsent, oldest first', async () => {
    const storage = await open();
    await storage.users.create(newUser('u1'));
    expect(await storage.notifications.enqueue(item('b', 20))).toBe(true);
    expect(await storage.notifications.enqueue(item('a', 10))).toBe(true);
    expect(await storage.notifications.enqueue(item('a', 30))).toBe(false);
    expect((await storage.notifications.pending()).map((i) => [i.id, i.createdAt])).toEqual([
      ['a', 10],
      ['b', 20],
    ]);
  });

  it('marks items sent and remembers when, per kind', async () => {
    const storage = await open();
    await storage.users.create(newUser('u1'));
    await storage.notifications.enqueue(item('a', 10));
    await storage.notifications.enqueue(item('b', 20, 'reply'));
    expect(await storage.notifications.lastSentAt('u1', ['mention', 'reply'])).toBeNull();
    await storage.notifications.markSent(['a'], 1000);
    expect((await storage.notifications.pending()).map((i) => i.id)).toEqual(['b']);
    expect(await storage.notifications.lastSentAt('u1', ['mention', 'reply'])).toBe(1000);
    expect(await storage.notifications.lastSentAt('u1', ['reply'])).toBeNull();
  });

  it('reads past an outbox row of an unknown kind', async () => {
    const storage = await open();
    await storage.users.create(newUser('u1'));
    await storage.notifications.enqueue({ ...item('x', 5), kind: 'bogus' as 'mention' });
    await storage.notifications.enqueue(item('a', 10));
    expect((await storage.notifications.pending()).map((i) => i.id)).toEqual(['a']);
  });
}
