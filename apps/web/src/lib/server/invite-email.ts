import { z } from 'zod';
import { isRole } from '@journeyboard/auth';
import type { BoardSummary, Storage, User } from '@journeyboard/storage';
import { getMailLimits, takeMailAllowance } from './mail/mail-limits.ts';
import type { MailResult, Mailer } from './mail/mailer.ts';
import { boardInviteEmail } from './mail/templates.ts';
import { issueInvite } from './share/invite.ts';

const emailSchema = z.email().max(320);

export type InviteEmailResult =
  { ok: true; mail: MailResult; email: string } | { ok: false; status: 400 | 429; message: string };

export const TOO_MANY_INVITES = 'You sent many invites in the last hour. Try again later.';

/** Counts one invite email against the inviter's hourly allowance. */
export function takeInviteAllowance(inviterId: string): Promise<boolean> {
  return takeMailAllowance(getMailLimits().bySender, inviterId);
}

/** Mails an invite link that was already issued (the Share dialog issues its own). */
export function mailInviteLink(
  mailer: Mailer,
  input: { to: string; inviter: User; boardTitle: string; role: string; link: string },
): Promise<MailResult> {
  return mailer.send(
    boardInviteEmail({
      to: input.to,
      inviterName: input.inviter.displayName,
      boardTitle: input.boardTitle,
      role: input.role,
      url: input.link,
    }),
  );
}

/**
 * Emails a single-use invite link to `email`, valid 7 days. The inviter must be allowed
 * to manage the board's members; `createInvite` checks that.
 */
export async function sendInviteEmail(
  storage: Storage,
  mailer: Mailer,
  input: { board: BoardSummary; inviter: User; email: string; role: string; origin: string },
): Promise<InviteEmailResult> {
  const email = emailSchema.safeParse(input.email.trim());
  if (!email.success) return { ok: false, status: 400, message: 'Enter a valid email address.' };
  const role = input.role;
  if (!isRole(role) || role === 'owner') {
    return { ok: false, status: 400, message: 'Choose editor, commenter or viewer.' };
  }
  if (!(await takeInviteAllowance(input.inviter.id))) {
    return { ok: false, status: 429, message: TOO_MANY_INVITES };
  }
  const link = await issueInvite(storage, {
    boardId: input.board.id,
    createdBy: input.inviter.id,
    role,
    expiresInDays: 7,
    maxUses: 1,
    origin: input.origin,
  });
  const mail = await mailInviteLink(mailer, {
    to: email.data,
    inviter: input.inviter,
    boardTitle: input.board.title,
    role,
    link,
  });
  return { ok: true, mail, email: email.data };
}
