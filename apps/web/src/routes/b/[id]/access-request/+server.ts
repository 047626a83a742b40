import { error, json } from '@sveltejs/kit';
import { canWriteDocument } from '@journeyboard/auth';
import { requireBoardRole } from '#lib/server/access.ts';
import { getMailer } from '#lib/server/mail/mailer.ts';
import { requestEditAccess } from '#lib/server/share/access-requests.ts';
import { getStorage } from '#lib/server/storage.ts';
import type { RequestHandler } from './$types';

/**
 * A viewer or commenter asks the owners for edit access. No body: what is asked is always
 * "edit", and who asks is the session's user.
 */
export const POST: RequestHandler = async (event) => {
  const { board, role, user } = await requireBoardRole(event, 'viewer');
  if (canWriteDocument(role)) error(409, 'You can already edit this board.');
  const result = await requestEditAccess(getStorage(), getMailer(), {
    board,
    requester: user,
    role,
    origin: event.url.origin,
    now: Date.now(),
  });
  return json(result, { status: result.sent ? 201 : 200 });
};
