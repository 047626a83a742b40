import { error, json } from '@sveltejs/kit';
import { requireBoardRole } from '#lib/server/access.ts';
import { TOO_MANY_INVITES, mailInviteLink, takeInviteAllowance } from '#lib/server/invite-email.ts';
import { readJsonBody } from '#lib/server/json-body.ts';
import { getMailer } from '#lib/server/mail/mailer.ts';
import { issueInvite } from '#lib/server/share/invite.ts';
import { shareInviteRequest } from '#lib/server/share/requests.ts';
import { boardRoster } from '#lib/server/share/roster.ts';
import { getStorage } from '#lib/server/storage.ts';
import type { RequestHandler } from './$types';

/** The Share dialog's content: members for everyone, invite links for owners. */
export const GET: RequestHandler = async (event) => {
  const { board, role, user } = await requireBoardRole(event, 'viewer');
  return json(
    await boardRoster(getStorage(), { boardId: board.id, viewerId: user.id, viewerRole: role }),
  );
};

/**
 * An owner creates an invite link (editor unless told otherwise). Addressed to an email,
 * the link works once and is emailed; the link is returned either way, so that without
 * SMTP (or when sending fails) the owner can pass it on.
 */
export const POST: RequestHandler = async (event) => {
  const { board, user } = await requireBoardRole(event, 'owner');
  const body = await readJsonBody(event.request, shareInviteRequest);
  if (body.email && !(await takeInviteAllowance(user.id))) error(429, TOO_MANY_INVITES);
  const link = await issueInvite(getStorage(), {
    boardId: board.id,
    createdBy: user.id,
    role: body.role,
    expiresInDays: body.expiresInDays,
    maxUses: body.email ? 1 : null,
    origin: event.url.origin,
  });
  let emailSent = false;
  if (body.email) {
    try {
      const mail = await mailInviteLink(getMailer(), {
        to: body.email,
        inviter: user,
        boardTitle: board.title,
        role: body.role,
        link,
      });
      emailSent = mail.delivered;
    } catch (failure) {
      console.error('[web] invite email failed', failure);
    }
  }
  return json({ link, role: body.role, email: body.email ?? null, emailSent }, { status: 201 });
};
