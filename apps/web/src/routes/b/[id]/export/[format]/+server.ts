import { error } from '@sveltejs/kit';
import { requireBoardRole } from '#lib/server/access.ts';
import { isExportFormat } from '#lib/server/export/formats.ts';
import { renderBoardExport } from '#lib/server/render/board-renders.ts';
import { RenderBusyError } from '#lib/server/render/pool.ts';
import { getStorage } from '#lib/server/storage.ts';
import type { RequestHandler } from './$types';

/** Every member may export, viewers included: they can read the whole board anyway. */
export const GET: RequestHandler = async (event) => {
  const { board } = await requireBoardRole(event, 'viewer');
  const format = event.params.format;
  if (!isExportFormat(format)) error(404, `There is no “${format.slice(0, 40)}” export.`);
  let file;
  try {
    file = await renderBoardExport(getStorage(), board.id, format);
  } catch (cause) {
    if (cause instanceof RenderBusyError) error(503, cause.message);
    throw cause;
  }
  const body = typeof file.body === 'string' ? file.body : Buffer.from(file.body);
  return new Response(body, {
    headers: {
      'content-type': file.type,
      'content-disposition': `attachment; filename="${file.name}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
};
