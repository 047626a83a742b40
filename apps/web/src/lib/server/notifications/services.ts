import type { Services } from '@journeyboard/server';
import { getMailer } from '../mail/mailer.ts';
import { getServices } from '../storage.ts';
import { NotificationService } from './notification-service.ts';
import { sweepNotifications } from './sweep.ts';

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

/** A reveal's results wait at most this long for the sweep it asks for. */
const SOON_MS = 1_000;
const soon = new WeakMap<NotificationService, NodeJS.Timeout>();

/**
 * Asks for a sweep shortly, outside the caller's request (a vote was revealed: its
 * results should not wait for the next regular sweep). Several asks make one sweep.
 */
export function sweepNotificationsSoon(service: NotificationService): void {
  if (soon.has(service)) return;
  const timer = setTimeout(() => {
    soon.delete(service);
    void sweepNotifications(service);
  }, SOON_MS);
  timer.unref();
  soon.set(service, timer);
}

/** The process's notification service, with its sweep; created on first use. */
export function notificationService(services: Services = getServices()): NotificationService {
  const existing = built.get(services);
  if (existing) return existing;
  const service = new NotificationService({
    storage: services.storage,
    mailer: getMailer(),
    origin: instanceOrigin,
    now: () => Date.now(),
  });
  built.set(services, service);
  const sweep = setInterval(() => void sweepNotifications(service), SWEEP_EVERY_MS);
  sweep.unref();
  return service;
}

/** At most one on-demand scan this often, however many bells ask. */
const SCAN_ON_DEMAND_EVERY_MS = 3_000;
let lastOnDemand = 0;
let onDemand: Promise<void> | null = null;

/**
 * Brings the bell up to date with recent comments and assignments without waiting for
 * the sweep: scans changed boards, throttled and shared between concurrent callers.
 */
export function scanSoon(): Promise<void> {
  if (onDemand) return onDemand;
  const now = Date.now();
  if (now - lastOnDemand < SCAN_ON_DEMAND_EVERY_MS) return Promise.resolve();
  lastOnDemand = now;
  onDemand = notificationService()
    .scanChangedBoards()
    .catch((failure: unknown) => console.error('[web] scanning for the bell failed', failure))
    .finally(() => (onDemand = null));
  return onDemand;
}
