import type { Services } from '@journeyboard/server';
import { getMailer } from '../mail/mailer.ts';
import { getServices } from '../storage.ts';
import { NotificationService } from './notification-service.ts';

/** How often changed boards are read for new comments, reminders queued and mail sent. */
const SWEEP_EVERY_MS = 30_000;
const built = new WeakMap<Services, NotificationService>();
/** The address the last visitor used (see `instanceOrigin`). */
let lastOrigin: string | undefined;

/**
 * Links in background emails need the instance's address: ORIGIN when set (as for
 * adapter-node), else the address the last visitor used.
 */
export function rememberOrigin(origin: string): void {
  lastOrigin = origin;
}

function instanceOrigin(): string {
  return process.env.ORIGIN || lastOrigin || 'http://localhost:3000';
}

/** One sweep: scan, remind, send. Each step's failure is logged; the next sweep retries. */
async function sweepNotifications(service: NotificationService): Promise<void> {
  for (const [what, step] of [
    ['scanning boards', () => service.scanChangedBoards()],
    ['queueing vote reminders', () => service.remindVoters()],
    ['sending', () => service.flush()],
  ] as const) {
    try {
      await step();
    } catch (error) {
      console.error(`[web] notification emails: ${what} failed`, error);
    }
  }
}

/** The process's notification service, with its sweep; created on first use. */
export function notificationService(services: Services = getServices()): NotificationService {
  const existing = built.get(services);
  if (existing) return existing;
  const service = new NotificationService({
    storage: services.storage,
    boardDocs: services.boardDocs,
    mailer: getMailer(),
    origin: instanceOrigin,
    now: () => Date.now(),
  });
  built.set(services, service);
  const sweep = setInterval(() => void sweepNotifications(service), SWEEP_EVERY_MS);
  sweep.unref();
  return service;
}
