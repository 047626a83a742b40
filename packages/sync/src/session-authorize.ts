import { authorizeBoardAccess, hashToken, readSessionCookie } from '@journeyboard/auth';
import type { Storage } from '@journeyboard/storage';
import type { Authorize } from './options.ts';

/**
 * The session cookie checked at the upgrade, against the board's members: what a sync node
 * behind the proxy needs, since the browser sends the same cookie to /sync/* as to the app.
 */
export function createSessionAuthorize(storage: Storage): Authorize {
  return async (req, boardId) => {
    const decision = await authorizeBoardAccess(storage, {
      cookieHeader: req.headers.cookie,
      boardId,
    });
    if (!decision.ok) return decision;
    const token = readSessionCookie(req.headers.cookie);
    return { ...decision, sessionId: token ? hashToken(token) : undefined };
  };
}
