import { getMailer } from '../mail/mailer.ts';
import { getStorage } from '../storage.ts';
import { NotificationService } from './notification-service.ts';

/** How often changed boards are read for new comments, reminders queued and mail sent. */
const SWEEP_EVERY_MS = 30_000;
const SERVICE = Symbol.for('journeyboard.notifications');
const ORIGIN = Symbol.for('journeyboard.lastOrigin');

type Holder = { [SERVICE]?: NotificationService; [ORIGIN]?: string };

/**
 * Links in background emails need the instance's address: ORIGIN when set (as for
 * adapter-node), else the address the last visitor used.
 */
export function rememberOrigin(origin: string): void {
  (globalThis as Holder)[ORIGIN] = origin;
}

function instanceOrigin(): string {
  return process.env.ORIGIN || (globalThis as Holder)[ORIGIN] || 'http://localhost:3000';
}

/** One sweep: scan, remind, send. Each step's failure is logged; the next sweep retries. */
export async function sweepNotifications(service: NotificationService): Promise<void> {
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
export function notificationService(): NotificationService {
  const holder = globalThis as Holder;
  if (holder[SERVICE]) return holder[SERVICE];
  const service = new NotificationService({
    storage: getStorage(),
    mailer: getMailer(),
    origin: instanceOrigin,
    now: () => Date.now(),
  });
  holder[SERVICE] = service;
  const sweep = setInterval(() => void sweepNotifications(service), SWEEP_EVERY_MS);
  sweep.unref();
  return service;
}
