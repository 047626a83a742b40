import { z } from 'zod';
import { createInvite, isRole } from '@journeyboard/auth';
import type { BoardSummary, Storage, User } from '@journeyboard/storage';
import { getMailLimits, takeMailAllowance } from './mail/mail-limits.ts';
import type { MailResult, Mailer } from './mail/mailer.ts';
import { boardInviteEmail } from './mail/templates.ts';

const INVITE_EMAIL_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const emailSchema = z.email().max(320);

export type InviteEmailResult =
  { ok: true; mail: MailResult; email: string } | { ok: false; status: 400 | 429; message: string };

/**
 * Emails a single-use invite link to `email` (the Share dialog's "invite by email"). The
 * inviter must be allowed to manage the board's members; `createInvite` checks that.
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
  if (!(await takeMailAllowance(getMailLimits().bySender, input.inviter.id))) {
    return {
      ok: false,
      status: 429,
      message: 'You sent many invites in the last hour. Try again later.',
    };
  }
  const { token } = await createInvite(storage, {
    boardId: input.board.id,
    createdBy: input.inviter.id,
    role,
    expiresInMs: INVITE_EMAIL_TTL_MS,
    maxUses: 1,
  });
  const mail = await mailer.send(
    boardInviteEmail({
      to: email.data,
      inviterName: input.inviter.displayName,
      boardTitle: input.board.title,
      role,
      url: `${input.origin}/invite/${token}`,
    }),
  );
  return { ok: true, mail, email: email.data };
}
