import { error } from '@sveltejs/kit';
import { requireBoardRole } from '#lib/server/access.ts';
import { isVersionId, saveVersion } from '#lib/server/history/versions.ts';
import { getServices } from '#lib/server/storage.ts';
import type { RequestHandler } from './$types';

/**
 * The first half of a restore: the current state is kept as a version ("Before
 * restoring …"), so nothing after the restored version is lost, and the version's state
 * goes back to the editor's browser. The browser then applies the difference as its own
 * edit (restoreVersion), which everyone sees live and the restorer can undo.
 */
export const POST: RequestHandler = async (event) => {
  const { board, user } = await requireBoardRole(event, 'editor');
  const id = event.params.version;
  const { storage, boardDocs } = getServices();
  const version = isVersionId(id) ? await storage.snapshots.get(board.id, id) : null;
  const state = version ? await storage.snapshots.getState(board.id, version.id) : null;
  if (!version || !state) error(404, 'This version does not exist on this board.');
  await saveVersion(storage, boardDocs, {
    boardId: board.id,
    name: `Before restoring “${version.name}”`.slice(0, 100),
    kind: 'before-restore',
    userId: user.id,
  });
  return new Response(Buffer.from(state), {
    headers: { 'content-type': 'application/octet-stream', 'cache-control': 'no-store' },
  });
};
