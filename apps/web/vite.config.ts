import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';

/**
 * `vite dev` as one process, like `server.js` in production: the sync WebSocket and its
 * /healthz and /metrics on the dev server's port, and the same storage handed to the
 * SvelteKit server code.
 */
function syncInDev(): Plugin {
  return {
    name: 'journeyboard:sync-in-dev',
    apply: 'serve',
    async configureServer(server) {
      const httpServer = server.httpServer as Server | null;
      if (!httpServer) return;
      const { openStorage } = await import('@journeyboard/storage');
      const { createSyncServer, roleWritePolicy } = await import('@journeyboard/sync');
      const auth = await import('@journeyboard/auth');
      const storage = await openStorage({
        dataDir: process.env.DATA_DIR || fileURLToPath(new URL('../../data', import.meta.url)),
        databaseUrl: process.env.DATABASE_URL || undefined,
      });
      (globalThis as Record<symbol, unknown>)[Symbol.for('journeyboard.storage')] = storage;
      const noAuth = process.env.JOURNEYBOARD_NO_AUTH === '1';
      const sync = createSyncServer({
        storage,
        noAuth,
        authorize: async (req, boardId) => {
          const cookieHeader = req.headers.cookie;
          const decision = await auth.authorizeBoardAccess(storage, { cookieHeader, boardId });
          if (!decision.ok) return decision;
          const token = auth.readSessionCookie(cookieHeader);
          return { ...decision, sessionId: token ? auth.hashToken(token) : undefined };
        },
        writePolicy: roleWritePolicy,
      });
      (globalThis as Record<symbol, unknown>)[Symbol.for('journeyboard.sync')] = sync;
      const sweeper = setInterval(() => void auth.deleteExpiredSessions(storage), 3_600_000);
      sweeper.unref();
      sync.attach(httpServer);
      server.middlewares.use((req, res, next) => {
        if (!sync.handleHttp(req, res)) next();
      });
      httpServer.once('close', () => {
        clearInterval(sweeper);
        void sync.close().then(() => storage.close());
      });
    },
  };
}

/**
 * For every page: scripts only from our origin (SvelteKit adds a nonce to its own inline
 * start-up script), so injected markup cannot run code; nothing may frame the app.
 * Styles allow 'unsafe-inline' because Svelte, tldraw and Quill set style attributes and
 * tldraw adds <style> elements at run time; a style cannot run script. tldraw's fonts and
 * icons come from our origin (@tldraw/assets), some as data: URLs; exported images and
 * pasted pictures are blob: URLs. The sync WebSocket is same-origin ('self' covers ws:).
 * No 'unsafe-eval': zod is told not to probe for it (src/hooks.client.ts).
 */
type CspDirectives = NonNullable<
  NonNullable<NonNullable<Parameters<typeof sveltekit>[0]>['csp']>['directives']
>;

const CONTENT_SECURITY_POLICY: CspDirectives = {
  'default-src': ['self'],
  'script-src': ['self'],
  'style-src': ['self', 'unsafe-inline'],
  'img-src': ['self', 'data:', 'blob:'],
  'font-src': ['self', 'data:'],
  // tldraw loads its (empty) default translations as a data: URL through fetch.
  'connect-src': ['self', 'data:'],
  'worker-src': ['self', 'blob:'],
  'manifest-src': ['self'],
  'object-src': ['none'],
  'base-uri': ['self'],
  'form-action': ['self'],
  'frame-ancestors': ['none'],
};

export default defineConfig({
  plugins: [
    syncInDev(),
    sveltekit({
      adapter: adapter(),
      compilerOptions: { runes: true },
      csp: { mode: 'auto', directives: CONTENT_SECURITY_POLICY },
    }),
  ],
  // reason: @tldraw/assets/imports.vite resolves fonts and icons with `new URL(..., import.meta.url)`,
  // which pre-bundling would break; the canvas then serves them from our own origin.
  optimizeDeps: { exclude: ['@tldraw/assets'] },
});
