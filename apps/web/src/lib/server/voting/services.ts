import { notificationService } from '../notifications/services.ts';
import { getStorage } from '../storage.ts';
import { FacilitationService } from './facilitation-service.ts';
import { serverUpdateWriter } from './server-writes.ts';
import { VotingService } from './voting-service.ts';

/** How often due sessions are revealed even when nobody opens the board. */
const SWEEP_EVERY_MS = 10_000;

interface Services {
  voting: VotingService;
  facilitation: FacilitationService;
}

let services: Services | null = null;

/**
 * The process's voting and facilitation services over the shared storage, created on
 * first use (or at server start, from `hooks.server.ts`), with the deadline sweep.
 */
export function votingServices(): Services {
  if (services) return services;
  const storage = getStorage();
  const deps = { storage, applyUpdate: serverUpdateWriter(storage), now: () => Date.now() };
  const notifications = notificationService();
  const voting = new VotingService(deps, {
    onRevealed: async (session) => {
      await notifications.sessionRevealed(session);
      // Results go out now, not at the next sweep.
      await notifications.flush();
    },
  });
  services = { voting, facilitation: new FacilitationService(deps) };
  const sweep = setInterval(() => {
    voting.closeDue().catch((error: unknown) => {
      console.error('[web] closing voting sessions past their deadline failed', error);
    });
  }, SWEEP_EVERY_MS);
  sweep.unref();
  return services;
}
