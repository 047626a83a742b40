import { json } from '@sveltejs/kit';
import { requireBoardRole } from '#lib/server/access.ts';
import { readJsonBody } from '#lib/server/json-body.ts';
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
 * the link works once; this instance sends no mail yet, so the link is returned for the
 * owner to pass on either way.
 */
export const POST: RequestHandler = async (event) => {
  const { board, user } = await requireBoardRole(event, 'owner');
  const body = await readJsonBody(event.request, shareInviteRequest);
  const link = await issueInvite(getStorage(), {
    boardId: board.id,
    createdBy: user.id,
    role: body.role,
    expiresInDays: body.expiresInDays,
    maxUses: body.email ? 1 : null,
    origin: event.url.origin,
  });
  return json(
    { link, role: body.role, email: body.email ?? null, emailSent: false },
    { status: 201 },
  );
};
