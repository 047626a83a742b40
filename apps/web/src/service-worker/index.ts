import { version } from '$app/env';
import { immutable } from '$app/manifest';
import { self } from '$app/service-worker';
import {
  clearsPages,
  isBoardPage,
  isCacheableAsset,
  offlineFallback,
  precacheCandidates,
} from './routes.ts';

// Offline opening of boards. The map's data lives in IndexedDB (y-indexeddb); what the
// browser lacks without the server is the page itself and the app's code. So: the code is
// cached per build, and each board page's last good HTML is kept (network first).

const ASSETS = `assets-${version}`;
/** Per build too: a cached page names the build's assets, which go with the build's cache. */
const PAGES = `pages-${version}`;
/** Boards opened most recently; older pages are dropped (their IndexedDB copy stays). */
const MAX_PAGES = 30;
/**
 * Assets whose download is larger than this are cached on first use, not at install:
 * today only the tldraw chunk (~2 MB, ~0.5 MB compressed). The canvas does not open
 * offline anyway (its page loads its data from the server), and most people never open it.
 */
const PRECACHE_MAX_BYTES = 200_000;

self.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(activate());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Cross-origin requests are not ours to cache or answer.
  if (url.origin !== self.location.origin) return;

  if (request.mode === 'navigate' && clearsPages(request.method, url.pathname)) {
    // Signing out, in or up: the pages kept for offline use were rendered for whoever
    // was signed in before, and must not open for the next person on this browser.
    event.waitUntil(caches.delete(PAGES));
  }
  // Form posts, API calls and WebSocket upgrades go to the server untouched.
  if (request.method !== 'GET') return;

  if (isCacheableAsset(url.pathname)) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === 'navigate' && isBoardPage(url.pathname)) {
    event.respondWith(boardPage(request));
  } else if (request.mode === 'navigate' && !url.pathname.includes('/export/')) {
    event.respondWith(fetch(request).catch(() => offlineFallback()));
  }
});

async function precache(): Promise<void> {
  const cache = await caches.open(ASSETS);
  await Promise.all(
    precacheCandidates(immutable.map(({ path }) => path)).map(async (path) => {
      const controller = new AbortController();
      const response = await fetch(path, { signal: controller.signal });
      if (!response.ok) throw new Error(`precaching ${path} failed: ${response.status}`);
      const size = Number(response.headers.get('content-length') ?? 0);
      if (size > PRECACHE_MAX_BYTES) {
        controller.abort();
        return;
      }
      await cache.put(path, response);
    }),
  );
}

async function activate(): Promise<void> {
  const previousPages = (await caches.keys()).filter(
    (key) => key.startsWith('pages-') && key !== PAGES,
  );
  // Pages kept by the previous build name its assets: fetch them again for this build.
  const toRefresh = new Set<string>();
  for (const key of previousPages) {
    for (const request of await (await caches.open(key)).keys()) toRefresh.add(request.url);
  }
  // Boards open right now, in tabs this worker did not serve (the first visit ever).
  for (const client of await self.clients.matchAll({ type: 'window', includeUncontrolled: true })) {
    const url = new URL(client.url);
    if (url.origin === self.location.origin && isBoardPage(url.pathname)) toRefresh.add(url.href);
  }
  await Promise.all(
    [...toRefresh].map((href) =>
      refreshPage(href).catch((error: unknown) => {
        console.error('[sw] keeping a board page for offline use failed', href, error);
      }),
    ),
  );
  for (const key of await caches.keys()) {
    if (key !== ASSETS && key !== PAGES) await caches.delete(key);
  }
  await self.clients.claim();
}

async function refreshPage(href: string): Promise<void> {
  let response: Response;
  try {
    // Manual, as for a navigation: a redirect to sign in must not be kept as the board.
    response = await fetch(href, { redirect: 'manual' });
  } catch (networkError) {
    console.warn('[sw] could not keep a board page for offline use', href, networkError);
    return;
  }
  await keepPage(new Request(href), response);
}

/** Network first; the last good copy when the network fails. */
async function boardPage(request: Request): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(request);
  } catch (networkError) {
    const cached = await (await caches.open(PAGES)).match(request, { ignoreSearch: true });
    if (cached) return cached;
    console.warn('[sw] board page not available offline', request.url, networkError);
    return offlineFallback();
  }
  // Keeping a copy must not cost the visit its page (a full quota, say).
  await keepPage(request, response.clone()).catch((error: unknown) => {
    console.error('[sw] keeping a board page for offline use failed', request.url, error);
  });
  return response;
}

/**
 * Keeps a good page; forgets the copy when the server now says no (signed out: a redirect
 * to sign in; board deleted or access removed: 404, 403).
 */
async function keepPage(request: Request, response: Response): Promise<void> {
  const cache = await caches.open(PAGES);
  const html = response.headers.get('content-type')?.startsWith('text/html') ?? false;
  if (response.status === 200 && response.type === 'basic' && !response.redirected && html) {
    const key = new URL(request.url);
    key.search = '';
    // Delete, then put: the cache lists keys in insertion order, so this board becomes the
    // most recent one and the oldest are the first dropped below.
    await cache.delete(key.href);
    await cache.put(key.href, response);
    const keys = await cache.keys();
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_PAGES))) await cache.delete(old);
  } else if (
    response.type === 'opaqueredirect' ||
    response.status === 403 ||
    response.status === 404
  ) {
    await cache.delete(request, { ignoreSearch: true });
  }
}

/** Build files have hashed names and never change: cache first, filled on first use too. */
async function cacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(ASSETS);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.status === 200 && response.type === 'basic') {
    await cache.put(request, response.clone());
  }
  return response;
}
