/** How often a board that keeps changing gets an automatic version. */
export const DAILY_SNAPSHOT_MS = 24 * 60 * 60 * 1000;

/** After a failed attempt (e.g. storage briefly down). */
export const AUTO_SNAPSHOT_RETRY_MS = 60 * 1000;

/** "Daily snapshot · 23 Nov 2026": the history panel shows the time beside it. */
export function autoSnapshotName(at: number): string {
  const day = new Date(at).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return `Daily snapshot · ${day}`;
}
