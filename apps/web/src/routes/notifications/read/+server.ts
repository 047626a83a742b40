import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { readJsonBody } from '#lib/server/json-body.ts';
import { getStorage } from '#lib/server/storage.ts';
import type { RequestHandler } from './$types';

const readRequest = z.object({ ids: z.array(z.string().min(1).max(300)).min(1).max(100) }).strict();

/** Marks the person's own notifications read (others' ids change nothing). */
export const POST: RequestHandler = async ({ locals, request }) => {
  if (!locals.user) error(401, 'Sign in to do this.');
  const { ids } = await readJsonBody(request, readRequest);
  await getStorage().inbox.markRead(locals.user.id, ids, Date.now());
  return json({ unread: await getStorage().inbox.unreadCount(locals.user.id) });
};
