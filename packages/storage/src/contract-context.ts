import type { Storage } from './types.ts';

/** What each store's contract suite gets from the runner (`storage.contract.ts`). */
export interface ContractContext {
  /** Opens (another) storage on this test's database; closed after the test. */
  open: () => Promise<Storage>;
}
