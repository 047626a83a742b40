import { fail } from '@sveltejs/kit';
import { AuthError, isRole, revokeInvite } from '@journeyboard/auth';
import { requireBoardRole } from '#lib/server/access.ts';
import { field } from '#lib/server/form.ts';
import { sendInviteEmail } from '#lib/server/invite-email.ts';
import { getMailer } from '#lib/server/mail/mailer.ts';
import { changeMemberRole, removeMember, setMemberDepartment } from '#lib/server/members.ts';
import {
  INVITE_EXPIRY_DAYS,
  issueInvite,
  type InviteExpiryDays,
} from '#lib/server/share/invite.ts';
import { boardRoster } from '#lib/server/share/roster.ts';
import { getStorage } from '#lib/server/storage.ts';
import { revalidateSockets } from '#lib/server/sync-handle.ts';
import type { Actions, PageServerLoad } from './$types';

function isExpiryDays(days: number): days is InviteExpiryDays {
  return (INVITE_EXPIRY_DAYS as readonly number[]).includes(days);
}

export const load: PageServerLoad = async (event) => {
  const { board, role, user } = await requireBoardRole(event, 'viewer');
  const roster = await boardRoster(getStorage(), {
    boardId: board.id,
    viewerId: user.id,
    viewerRole: role,
  });
  return { board: { id: board.id, title: board.title }, role, ...roster };
};

export const actions: Actions = {
  invite: async (event) => {
    const { board, user } = await requireBoardRole(event, 'owner');
    const data = await event.request.formData();
    const role = field(data, 'role');
    const days = Number(field(data, 'expiresInDays') || 7);
    const maxUsesRaw = field(data, 'maxUses').trim();
    const maxUses = maxUsesRaw === '' ? null : Number(maxUsesRaw);
    if (!isRole(role) || role === 'owner') {
      return fail(400, { invite: { message: 'Choose editor, commenter or viewer.' } });
    }
    if (!isExpiryDays(days)) {
      return fail(400, { invite: { message: 'Choose when the link expires.' } });
    }
    if (maxUses !== null && (!Number.isInteger(maxUses) || maxUses < 1 || maxUses > 1000)) {
      return fail(400, { invite: { message: 'Uses must be a whole number from 1 to 1000.' } });
    }
    try {
      const link = await issueInvite(getStorage(), {
        boardId: board.id,
        createdBy: user.id,
        role,
        expiresInDays: days,
        maxUses,
        origin: event.url.origin,
      });
      return { invite: { link, role } };
    } catch (error) {
      if (error instanceof AuthError) return fail(403, { invite: { message: error.message } });
      throw error;
    }
  },
  /** Invite by email address: a single-use link, mailed (or logged without SMTP). */
  inviteEmail: async (event) => {
    const { board, user } = await requireBoardRole(event, 'owner');
    const data = await event.request.formData();
    try {
      const result = await sendInviteEmail(getStorage(), getMailer(), {
        board,
        inviter: user,
        email: field(data, 'email'),
        role: field(data, 'role'),
        origin: event.url.origin,
      });
      if (!result.ok) return fail(result.status, { inviteEmail: { message: result.message } });
      const sent = result.mail.delivered
        ? `Invite emailed to ${result.email}.`
        : `No email server is configured: the invite for ${result.email} is in the server log.`;
      return { inviteEmail: { sent } };
    } catch (error) {
      if (error instanceof AuthError) return fail(403, { inviteEmail: { message: error.message } });
      console.error('[web] invite email failed', error);
      return fail(502, {
        inviteEmail: { message: 'The email could not be sent. Try again later.' },
      });
    }
  },
  revoke: async (event) => {
    const { board, user } = await requireBoardRole(event, 'owner');
    const inviteId = field(await event.request.formData(), 'inviteId');
    const revoked = await revokeInvite(getStorage(), {
      boardId: board.id,
      inviteId,
      by: user.id,
    });
    if (!revoked) return fail(404, { revoke: { message: 'No such invite on this board.' } });
    return { revoke: { done: true } };
  },
  role: async (event) => {
    const { board } = await requireBoardRole(event, 'owner');
    const data = await event.request.formData();
    const userId = field(data, 'userId');
    const result = await changeMemberRole(getStorage(), {
      boardId: board.id,
      userId,
      role: field(data, 'role'),
    });
    if (!result.ok) return fail(result.status, { member: { userId, message: result.message } });
    await revalidateSockets({ boardId: board.id });
    return { member: { userId, saved: true } };
  },
  /** Only owners say which department a member votes for; members cannot declare it. */
  department: async (event) => {
    const { board } = await requireBoardRole(event, 'owner');
    const data = await event.request.formData();
    const userId = field(data, 'userId');
    const result = await setMemberDepartment(getStorage(), {
      boardId: board.id,
      userId,
      department: field(data, 'department'),
    });
    if (!result.ok) return fail(result.status, { member: { userId, message: result.message } });
    return { member: { userId, saved: true } };
  },
  remove: async (event) => {
    const { board } = await requireBoardRole(event, 'owner');
    const userId = field(await event.request.formData(), 'userId');
    const result = await removeMember(getStorage(), { boardId: board.id, userId });
    if (!result.ok) return fail(result.status, { member: { userId, message: result.message } });
    await revalidateSockets({ boardId: board.id });
    return { member: { userId, removed: true } };
  },
};
