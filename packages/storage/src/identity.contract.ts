import { expect, it } from 'vitest';
import { newUser } from './account-store.contract.ts';
import type { ContractContext } from './contract-context.ts';

export function identityStoreContract({ open }: ContractContext): void {
  it('links a provider account to a user and finds it again', async () => {
    const storage = await open();
    await storage.users.create(newUser('u1'));
    expect(await storage.identities.find('keycloak', 'sub-1')).toBeNull();
    expect(
      await storage.identities.link({ provider: 'keycloak', subject: 'sub-1', userId: 'u1' }),
    ).toBe(true);
    expect(await (await open()).identities.find('keycloak', 'sub-1')).toBe('u1');
  });

  it('the first link wins; the same subject at another provider is another account', async () => {
    const storage = await open();
    await storage.users.create(newUser('u1'));
    await storage.users.create(newUser('u2'));
    await storage.identities.link({ provider: 'keycloak', subject: 's', userId: 'u1' });
    expect(
      await storage.identities.link({ provider: 'keycloak', subject: 's', userId: 'u2' }),
    ).toBe(false);
    expect(await storage.identities.find('keycloak', 's')).toBe('u1');
    expect(await storage.identities.find('google', 's')).toBeNull();
  });
}
