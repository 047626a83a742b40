import { error } from '@sveltejs/kit';
import { requireBoardRole } from '#lib/server/access.ts';
import { loadBoardDoc } from '#lib/server/board-doc.ts';
import { buildExport, isExportFormat } from '#lib/server/export/formats.ts';
import { memberNames } from '#lib/server/export/names.ts';
import { getStorage } from '#lib/server/storage.ts';
import type { RequestHandler } from './$types';

/** Every member may export, viewers included: they can read the whole board anyway. */
export const GET: RequestHandler = async (event) => {
  const { board } = await requireBoardRole(event, 'viewer');
  const format = event.params.format;
  if (!isExportFormat(format)) error(404, `There is no “${format.slice(0, 40)}” export.`);
  const storage = getStorage();
  const doc = await loadBoardDoc(storage, board.id);
  try {
    const file = await buildExport(doc, format, await memberNames(storage, board.id));
    const body = typeof file.body === 'string' ? file.body : Buffer.from(file.body);
    return new Response(body, {
      headers: {
        'content-type': file.type,
        'content-disposition': `attachment; filename="${file.name}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } finally {
    doc.destroy();
  }
};
