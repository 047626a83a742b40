import type { RevalidateFilter } from '@journeyboard/sync';

/** The part of the sync server the web app calls; absent when sync runs elsewhere. */
interface SyncHandle {
  revalidate(filter?: RevalidateFilter): Promise<void>;
}

const HANDOFF = Symbol.for('journeyboard.sync');

/**
 * After a role change, a removal or a sign-out: re-check the affected live sockets now.
 * In one-process mode the host process leaves its sync server here; with sync in another
 * process its periodic re-check does the same within a few seconds.
 */
export async function revalidateSockets(filter: RevalidateFilter): Promise<void> {
  const sync = (globalThis as { [HANDOFF]?: SyncHandle })[HANDOFF];
  if (!sync) return;
  try {
    await sync.revalidate(filter);
  } catch (error) {
    // The periodic pass catches up; the action itself has succeeded.
    console.error('[web] revalidating sync connections failed', error);
  }
}
