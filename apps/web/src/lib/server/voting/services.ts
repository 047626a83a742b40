import type { Services } from '@journeyboard/server';
import { notificationService, sweepNotificationsSoon } from '../notifications/services.ts';
import { getServices } from '../storage.ts';
import { FacilitationService } from './facilitation-service.ts';
import { VotingService } from './voting-service.ts';

/** How often due sessions are revealed even when nobody opens the board. */
const SWEEP_EVERY_MS = 10_000;

interface VotingServices {
  voting: VotingService;
  facilitation: FacilitationService;
}

const built = new WeakMap<Services, VotingServices>();

/**
 * The voting and facilitation services over the process's services, created on first use
 * (the first request, from `hooks.server.ts`) with the deadline sweep. Sessions whose
 * deadline passed while the server was down are revealed then (and before any session
 * is read: `VotingService` closes due sessions first).
 */
export function votingServices(services: Services = getServices()): VotingServices {
  const existing = built.get(services);
  if (existing) return existing;
  const { storage, boardDocs, logger } = services;
  const deps = { storage, boardDocs, now: () => Date.now() };
  const notifications = notificationService(services);
  const voting = new VotingService(deps, {
    // The notification sweep finds the revealed session and emails the results.
    onRevealed: () => Promise.resolve(sweepNotificationsSoon(notifications)),
  });
  const created = { voting, facilitation: new FacilitationService(deps) };
  built.set(services, created);
  const closeDue = () => {
    voting.closeDue().catch((err: unknown) => {
      logger.error({ err }, 'closing voting sessions past their deadline failed');
    });
  };
  closeDue();
  setInterval(closeDue, SWEEP_EVERY_MS).unref();
  return created;
}
