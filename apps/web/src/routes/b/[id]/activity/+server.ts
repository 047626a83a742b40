import { json } from '@sveltejs/kit';
import { requireBoardRole } from '#lib/server/access.ts';
import { boardActivity } from '#lib/server/history/activity.ts';
import { getStorage } from '#lib/server/storage.ts';
import type { RequestHandler } from './$types';

/** Who added, moved, deleted what, recent first (replayed from the update log). */
export const GET: RequestHandler = async (event) => {
  const { board } = await requireBoardRole(event, 'viewer');
  return json({ items: await boardActivity(getStorage(), board.id) });
};
