import type { RevalidateFilter } from '@journeyboard/sync';
import { getServices } from './storage.ts';

/**
 * After a role change, a removal or a sign-out: re-check the affected live sockets now.
 * Sockets on other sync nodes are re-checked by their periodic pass within a few seconds.
 */
export async function revalidateSockets(filter: RevalidateFilter): Promise<void> {
  const { sync, logger } = getServices();
  try {
    await sync.revalidate(filter);
  } catch (err) {
    // The periodic pass catches up; the action itself has succeeded.
    logger.error({ err }, 'revalidating sync connections failed');
  }
}
