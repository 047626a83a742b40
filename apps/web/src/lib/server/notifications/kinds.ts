import type { NotificationKind } from '@journeyboard/storage';

/** What each kind is called on the account page and in the unsubscribe confirmation. */
export const KIND_LABELS: Record<NotificationKind, string> = {
  mention: 'Mentions of you in comments',
  reply: 'Replies to comment threads you started',
  vote_reminder: 'A reminder an hour before a vote you have not voted in closes',
  vote_results: 'The results of votes on your boards',
};

/** "Stop emails about mentions of you in comments": the unsubscribe link's text. */
export function unsubscribeLabel(kind: NotificationKind): string {
  const label = KIND_LABELS[kind];
  return `Stop emails about ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
}

/** The kinds collected into one email per person per window. */
export const BATCHED_KINDS: readonly NotificationKind[] = ['mention', 'reply'];
