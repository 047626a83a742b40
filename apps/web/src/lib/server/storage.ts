import type { Storage } from '@journeyboard/storage';

/**
 * The process that hosts SvelteKit opens the storage once and leaves it here before the
 * app is loaded: `server.js` in production, the dev plugin in `vite.config.ts` under
 * `vite dev`. Pages and the sync server then share one handle (and one PostgreSQL pool
 * when `DATABASE_URL` is set), opened from one reading of the environment and closed
 * once on shutdown.
 */
const HANDOFF = Symbol.for('journeyboard.storage');

export function getStorage(): Storage {
  const storage = (globalThis as { [HANDOFF]?: Storage })[HANDOFF];
  if (!storage) {
    throw new Error(
      'no storage was handed to SvelteKit: run the app with `node apps/web/server.js` ' +
        '(./jb start) or `vite dev`, not `node build`',
    );
  }
  return storage;
}
