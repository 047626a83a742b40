import { error, json } from '@sveltejs/kit';
import { requireBoardRole } from '#lib/server/access.ts';
import { renderBoardActivity } from '#lib/server/render/board-renders.ts';
import { RenderBusyError } from '#lib/server/render/pool.ts';
import { getStorage } from '#lib/server/storage.ts';
import type { RequestHandler } from './$types';

/** Who added, moved, deleted what, recent first (replayed from the update log). */
export const GET: RequestHandler = async (event) => {
  const { board } = await requireBoardRole(event, 'viewer');
  try {
    return json({ items: await renderBoardActivity(getStorage(), board.id) });
  } catch (cause) {
    if (cause instanceof RenderBusyError) error(503, cause.message);
    throw cause;
  }
};
