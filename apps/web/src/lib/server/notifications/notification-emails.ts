import { composeMail } from '../mail/templates.ts';
import type { CommentNotice } from './comment-events.ts';

interface Recipient {
  email: string;
  displayName: string;
}

interface Unsubscribe {
  label: string;
  url: string;
}

export interface DigestEntry {
  kind: 'mention' | 'reply';
  notice: CommentNotice;
  url: string;
}

function entryText({ kind, notice }: DigestEntry): string {
  const what = kind === 'mention' ? 'mentioned you' : 'replied to your comment';
  return `${notice.authorName} ${what} on ${notice.where} in "${notice.boardTitle}": “${notice.excerpt}”`;
}

/** Every mention and reply of one window, in one email, each linking to its comment. */
export function commentDigestEmail(input: {
  to: Recipient;
  entries: DigestEntry[];
  unsubscribe: Unsubscribe;
}) {
  const { entries } = input;
  const [first] = entries;
  const subject =
    entries.length === 1 && first
      ? `${first.notice.authorName} ${first.kind === 'mention' ? 'mentioned you' : 'replied to you'} on "${first.notice.boardTitle}"`
      : `${entries.length} new comments for you on Journeyboard`;
  return composeMail({
    to: input.to.email,
    subject,
    paragraphs: [
      `Hello ${input.to.displayName},`,
      entries.length === 1
        ? 'There is a comment for you on Journeyboard:'
        : `There are ${entries.length} comments for you on Journeyboard:`,
    ],
    links: entries.map((entry) => ({ text: entryText(entry), url: entry.url })),
    footer: 'Mentions and replies are collected into one email at most every 10 minutes.',
    unsubscribe: input.unsubscribe,
  });
}

export function voteReminderEmail(input: {
  to: Recipient;
  boardTitle: string;
  sessionTitle: string;
  minutesLeft: number;
  url: string;
  unsubscribe: Unsubscribe;
}) {
  const when =
    input.minutesLeft >= 55 ? 'in 1 hour' : `in ${Math.max(1, input.minutesLeft)} minutes`;
  return composeMail({
    to: input.to.email,
    subject: `The vote "${input.sessionTitle}" closes ${when}`,
    paragraphs: [
      `Hello ${input.to.displayName},`,
      `The vote "${input.sessionTitle}" on "${input.boardTitle}" closes ${when}, and you have not voted yet.`,
    ],
    action: { label: 'Vote now', url: input.url },
    unsubscribe: input.unsubscribe,
  });
}

export function voteResultsEmail(input: {
  to: Recipient;
  boardTitle: string;
  sessionTitle: string;
  /** Most votes first; empty when the totals stay secret. */
  top: { card: string; votes: number }[];
  voterCount: number;
  url: string;
  unsubscribe: Unsubscribe;
}) {
  const paragraphs = [`Hello ${input.to.displayName},`];
  if (input.top.length === 0) {
    paragraphs.push(
      `The vote "${input.sessionTitle}" on "${input.boardTitle}" has closed. Too few members voted in this secret vote for its totals to be shown.`,
    );
  } else {
    paragraphs.push(
      `The vote "${input.sessionTitle}" on "${input.boardTitle}" has closed: ${input.voterCount} ${input.voterCount === 1 ? 'member' : 'members'} voted. The cards with the most votes:`,
      input.top
        .map(
          (row, index) =>
            `${index + 1}. ${row.card} (${row.votes} ${row.votes === 1 ? 'vote' : 'votes'})`,
        )
        .join('\n'),
    );
  }
  return composeMail({
    to: input.to.email,
    subject: `Results of the vote "${input.sessionTitle}"`,
    paragraphs,
    action: { label: 'See the results on the board', url: input.url },
    unsubscribe: input.unsubscribe,
  });
}
