import { afterEach, beforeEach, describe } from 'vitest';
import type { ContractContext } from './contract-context.ts';
import { sessionStoreContract, userStoreContract } from './account-store.contract.ts';
import { ballotStoreContract } from './ballot-store.contract.ts';
import { boardStoreContract } from './board-store.contract.ts';
import { historyContract } from './history.contract.ts';
import { identityStoreContract } from './identity.contract.ts';
import { instanceStoreContract } from './instance.contract.ts';
import { inboxStoreContract } from './inbox.contract.ts';
import { notificationStoreContract } from './notification.contract.ts';
import { inviteStoreContract, memberStoreContract } from './membership.contract.ts';
import type { Storage } from './types.ts';
import { updateLogContract } from './update-log.contract.ts';

/** One database for one test; every `open` is another connection to the same data. */
export interface StorageHarness {
  open(): Promise<Storage>;
  /** Removes the database; the suite has closed every storage it opened by then. */
  dispose(): Promise<void>;
}

/**
 * The behaviour every Storage adapter must have, run unchanged against each
 * (tldraw's storageContractSuite). Adapter-specific tests live beside the adapter.
 */
export function runStorageContract(name: string, createHarness: () => Promise<StorageHarness>) {
  describe(`storage contract: ${name}`, () => {
    let harness: StorageHarness | undefined;
    let opened: Storage[] = [];

    beforeEach(async () => {
      harness = await createHarness();
    });

    afterEach(async () => {
      const closing = opened;
      opened = [];
      await Promise.all(closing.map((storage) => storage.close()));
      await harness?.dispose();
      harness = undefined;
    });

    const context: ContractContext = {
      async open() {
        if (!harness) throw new Error('open() outside a test');
        const storage = await harness.open();
        opened.push(storage);
        return storage;
      },
    };

    boardStoreContract(context);
    updateLogContract(context);
    describe('users', () => userStoreContract(context));
    describe('sessions', () => sessionStoreContract(context));
    describe('members', () => memberStoreContract(context));
    describe('invites', () => inviteStoreContract(context));
    describe('ballots', () => ballotStoreContract(context));
    describe('history', () => historyContract(context));
    describe('instance', () => instanceStoreContract(context));
    describe('notifications', () => notificationStoreContract(context));
    describe('inbox', () => inboxStoreContract(context));
    describe('sso identities', () => identityStoreContract(context));
  });
}
