import { error } from '@sveltejs/kit';
import type { Handle } from '@sveltejs/kit/hooks';

/**
 * Request bodies have two limits: board imports may be large (25 MB by default,
 * `JOURNEYBOARD_IMPORT_MAX_BYTES`), everything else stays small (`BODY_SIZE_LIMIT`, 512 KB
 * by default). adapter-node knows only one, so `server.js` hands its value over as
 * `JOURNEYBOARD_BODY_LIMIT` and turns adapter-node's off; the app applies both here.
 */
const DEFAULT_BODY_LIMIT = '512K';
const DEFAULT_IMPORT_MAX_BYTES = 25_000_000;

/** "512K", "25M", "1G" or a number of bytes, as adapter-node reads BODY_SIZE_LIMIT. */
export function parseByteSize(value: string): number {
  const units: Record<string, number> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
  const unit = units[value.at(-1)?.toUpperCase() ?? ''];
  const bytes = unit ? Number(value.slice(0, -1)) * unit : Number(value);
  if (!(bytes > 0)) throw new Error(`not a byte size: "${value}"`);
  return bytes;
}

function generalBodyLimit(): number {
  return parseByteSize(
    process.env.JOURNEYBOARD_BODY_LIMIT || process.env.BODY_SIZE_LIMIT || DEFAULT_BODY_LIMIT,
  );
}

export function importMaxBytes(): number {
  const configured = process.env.JOURNEYBOARD_IMPORT_MAX_BYTES;
  return configured ? parseByteSize(configured) : DEFAULT_IMPORT_MAX_BYTES;
}

/** The board list's import action (`/?/import`) reads its own, larger limit. */
export function isImportRequest(url: URL): boolean {
  return url.pathname === '/' && url.searchParams.has('/import');
}

/** Refuses a too-large body before anything reads it, with a clear reason. */
export const bodyLimit: Handle = ({ event, resolve }) => {
  const { request, url } = event;
  if (request.method === 'GET' || request.method === 'HEAD' || isImportRequest(url)) {
    return resolve(event);
  }
  const declared = request.headers.get('content-length');
  if (declared === null && request.body !== null) {
    error(411, 'Send the request with a Content-Length.');
  }
  const limit = generalBodyLimit();
  if (Number(declared ?? 0) > limit) {
    error(413, `The request is too large (${Math.round(limit / 1024)} KB at most).`);
  }
  return resolve(event);
};

/** Over the limit while streaming: the upload is refused, whatever Content-Length said. */
export class BodyTooLargeError extends Error {
  readonly code = 'body-too-large';
}

/** The request body as a stream that fails once it passes `limit` bytes. */
export function limitedBody(request: Request, limit: number): ReadableStream<Uint8Array> {
  let seen = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > limit) controller.error(new BodyTooLargeError(`over ${limit} bytes`));
      else controller.enqueue(chunk);
    },
  });
  return (request.body ?? new ReadableStream<Uint8Array>()).pipeThrough(counter);
}
