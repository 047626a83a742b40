/**
 * Dates as the person's browser writes them (their locale, not a fixed one): "7 Dec 2026"
 * in London, "Dec 7, 2026" in New York. Every date on screen goes through these.
 */
export const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

export function formatDate(at: number): string {
  return dateFormat.format(at);
}

export function formatDateTime(at: number): string {
  return dateTimeFormat.format(at);
}
