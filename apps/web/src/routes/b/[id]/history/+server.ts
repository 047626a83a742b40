import { json } from '@sveltejs/kit';
import { requireBoardRole } from '#lib/server/access.ts';
import { readJsonBody } from '#lib/server/json-body.ts';
import { listVersions, saveVersion, saveVersionBody } from '#lib/server/history/versions.ts';
import { getServices, getStorage } from '#lib/server/storage.ts';
import type { RequestHandler } from './$types';

/** The board's versions, newest first: every member may look back. */
export const GET: RequestHandler = async (event) => {
  const { board } = await requireBoardRole(event, 'viewer');
  return json({ versions: await listVersions(getStorage(), board.id) });
};

/** "Save version": editors keep the current state under a name. */
export const POST: RequestHandler = async (event) => {
  const { board, user } = await requireBoardRole(event, 'editor');
  const { name } = await readJsonBody(event.request, saveVersionBody);
  const version = await saveVersion(getStorage(), getServices().boardDocs, {
    boardId: board.id,
    name,
    kind: 'manual',
    userId: user.id,
  });
  return json(
    { version: { id: version.id, name: version.name, createdAt: version.createdAt } },
    { status: 201 },
  );
};
