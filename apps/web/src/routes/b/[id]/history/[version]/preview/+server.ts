import { error } from '@sveltejs/kit';
import { requireBoardRole } from '#lib/server/access.ts';
import { docFromState } from '#lib/server/board-doc.ts';
import { drawMap } from '#lib/server/export/map-svg.ts';
import { collectReport } from '#lib/server/export/report.ts';
import { isVersionId } from '#lib/server/history/versions.ts';
import { memberNames } from '#lib/server/export/names.ts';
import { getStorage } from '#lib/server/storage.ts';
import type { RequestHandler } from './$types';

/**
 * The version's map drawn like the SVG export: read-only by construction, and the same
 * picture whoever looks.
 */
export const GET: RequestHandler = async (event) => {
  const { board } = await requireBoardRole(event, 'viewer');
  const id = event.params.version;
  const storage = getStorage();
  const state = isVersionId(id) ? await storage.snapshots.getState(board.id, id) : null;
  if (!state) error(404, 'This version does not exist on this board.');
  const doc = docFromState(state);
  try {
    const { svg } = drawMap(collectReport(doc, await memberNames(storage, board.id)));
    return new Response(svg, {
      headers: {
        'content-type': 'image/svg+xml; charset=utf-8',
        'cache-control': 'private, max-age=3600',
        // Shown in an <img>; never a document that could run anything.
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      },
    });
  } finally {
    doc.destroy();
  }
};
