import type { NotificationService } from './notification-service.ts';

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
