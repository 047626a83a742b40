import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { exportBoardJson } from '@journeyboard/model';
import { requireBoardRole } from '#lib/server/access.ts';
import { readJsonBody } from '#lib/server/json-body.ts';
import { getServices } from '#lib/server/storage.ts';
import type { RequestHandler } from './$types';

const saveTemplateBody = z.object({
  name: z
    .string({ error: 'name must be text' })
    .transform((name) => name.replace(/\s+/g, ' ').trim())
    .pipe(
      z
        .string()
        .min(1, 'Give the template a name.')
        .max(100, 'Keep the name under 100 characters.'),
    ),
  description: z.string().trim().max(300, 'Keep the description under 300 characters.').default(''),
});

/**
 * "Save this board as a template": the board in the model's JSON format, offered on
 * this member's new-board form. Any member may: a viewer can export the same JSON.
 */
export const POST: RequestHandler = async (event) => {
  const { board, user } = await requireBoardRole(event, 'viewer');
  const { name, description } = await readJsonBody(event.request, saveTemplateBody);
  const { storage, boardDocs } = getServices();
  const doc = await boardDocs.read(board.id);
  try {
    const template = await storage.templates.create({
      id: crypto.randomUUID(),
      name,
      description,
      createdBy: user.id,
      body: JSON.stringify(exportBoardJson(doc)),
    });
    return json({ template: { id: template.id, name: template.name } }, { status: 201 });
  } finally {
    doc.destroy();
  }
};
