import { error } from '@sveltejs/kit';
import { requireBoardRole } from '#lib/server/access.ts';
import { isVersionId } from '#lib/server/history/versions.ts';
import { getStorage } from '#lib/server/storage.ts';
import type { RequestHandler } from './$types';

/** A version's Yjs state, for a read-only preview in the browser. */
export const GET: RequestHandler = async (event) => {
  const { board } = await requireBoardRole(event, 'viewer');
  const id = event.params.version;
  const state = isVersionId(id) ? await getStorage().snapshots.getState(board.id, id) : null;
  if (!state) error(404, 'This version does not exist on this board.');
  return new Response(Buffer.from(state), {
    headers: {
      'content-type': 'application/octet-stream',
      'cache-control': 'private, max-age=3600',
    },
  });
};
