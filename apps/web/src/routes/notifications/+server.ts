import { error, json } from '@sveltejs/kit';
import { bellContent } from '#lib/server/notifications/inbox.ts';
import { scanSoon } from '#lib/server/notifications/services.ts';
import { getStorage } from '#lib/server/storage.ts';
import type { RequestHandler } from './$types';

/** The bell: the newest notifications of the signed-in person and the unread count. */
export const GET: RequestHandler = async ({ locals }) => {
  if (!locals.user) error(401, 'Sign in to see your notifications.');
  await scanSoon();
  return json(await bellContent(getStorage(), locals.user.id), {
    headers: { 'cache-control': 'no-store' },
  });
};
