import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';
import type { Services } from '@journeyboard/server';

/**
 * `vite dev` as one process, like `server.ts` in production and built by the same
 * `createServices` from the same environment: the sync WebSocket and its /healthz and
 * /metrics on the dev server's port, Redis when REDIS_URL is set, the loopback guard for
 * JOURNEYBOARD_NO_AUTH and the limits. SvelteKit gets the services through the adapter's
 * emulated `platform` (hooks.server.ts puts them in `event.locals`).
 */
function syncInDev(devServices: { current: Services | null }): Plugin {
  return {
    name: 'journeyboard:sync-in-dev',
    apply: 'serve',
    async configureServer(server) {
      const httpServer = server.httpServer as Server | null;
      if (!httpServer) return;
      const { createServices, parseConfig } = await import('@journeyboard/server');
      const config = parseConfig(process.env, {
        port: 0,
        dataDir: fileURLToPath(new URL('../../data', import.meta.url)),
      });
      const services = await createServices(config);
      devServices.current = services;
      services.sync.attach(httpServer);
      server.middlewares.use((req, res, next) => {
        if (!services.sync.handleHttp(req, res)) next();
      });
      httpServer.once('close', () => void services.close());
    },
  };
}

/** adapter-node, plus the services of `vite dev` as SvelteKit's `platform` in development. */
function nodeAdapter(devServices: { current: Services | null }) {
  const base = adapter();
  return {
    ...base,
    emulate: () => ({
      platform: () => {
        if (!devServices.current) throw new Error('the dev services are not started yet');
        return { services: devServices.current } as unknown as App.Platform;
      },
    }),
  };
}

const devServices: { current: Services | null } = { current: null };

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
    syncInDev(devServices),
    sveltekit({
      adapter: nodeAdapter(devServices),
      compilerOptions: { runes: true },
      csp: { mode: 'auto', directives: CONTENT_SECURITY_POLICY },
    }),
  ],
  // reason: @tldraw/assets/imports.vite resolves fonts and icons with `new URL(..., import.meta.url)`,
  // which pre-bundling would break; the canvas then serves them from our own origin.
  optimizeDeps: { exclude: ['@tldraw/assets'] },
  // reason: the host process (server.ts) already loads these packages: bundling them into
  // the SvelteKit server would make a second copy of the sync engine and drag its Node-only
  // dependencies in (prom-client's optional @opentelemetry/api then fails at start-up).
  build: { rollupOptions: { external: ['@journeyboard/server', '@journeyboard/sync'] } },
});
