import { error } from '@sveltejs/kit';
import type { z } from 'zod';

/** Names and settings only: a few hundred bytes. */
const SMALL_BODY_BYTES = 8 * 1024;

/**
 * Reads a small JSON body (settings, names, votes) and checks it against `schema`; a
 * clear 4xx otherwise. The size is checked before and after reading, since a client
 * may omit or understate Content-Length.
 */
export async function readJsonBody<T>(
  request: Request,
  schema: z.ZodType<T>,
  maxBytes = SMALL_BODY_BYTES,
): Promise<T> {
  if (!(request.headers.get('content-type') ?? '').includes('application/json')) {
    error(415, 'Send the request as JSON.');
  }
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) {
    error(413, 'The request is too large.');
  }
  const text = await request.text();
  if (text.length > maxBytes) error(413, 'The request is too large.');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    error(400, 'The request is not valid JSON.');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    error(400, `${where}${issue?.message ?? 'The request is not valid.'}`);
  }
  return parsed.data;
}
