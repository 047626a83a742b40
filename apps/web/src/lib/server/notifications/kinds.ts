import type { NotificationKind } from '@journeyboard/storage';

/** What each kind is called on the account page and in the unsubscribe confirmation. */
export const KIND_LABELS: Record<NotificationKind, string> = {
  mention: 'Someone mentions me in a comment',
  reply: 'Someone replies to a comment thread I started',
  vote_reminder: 'A vote I have not voted in closes within the hour',
  vote_results: 'The results of a vote on my boards',
};

/** The kinds collected into one email per person per window. */
export const BATCHED_KINDS: readonly NotificationKind[] = ['mention', 'reply'];
