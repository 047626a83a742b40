/** Which requests the service worker treats how; pure, so it is tested without a worker. */

const BOARD_PAGE = /^\/b\/[A-Za-z0-9_-]+\/?$/;

/** The map of a board: the page that opens from its local copy when offline. */
export function isBoardPage(pathname: string): boolean {
  return BOARD_PAGE.test(pathname);
}

/** The build's hashed files (JS, CSS, fonts and icons of the canvas). */
export function isCacheableAsset(pathname: string): boolean {
  return pathname.startsWith('/_app/immutable/');
}

/** Navigations after which pages rendered for the previous session must go. */
export function clearsPages(method: string, pathname: string): boolean {
  if (pathname === '/signin' || pathname === '/signup') return true;
  return pathname === '/signout' && method === 'POST';
}

/**
 * Code and styles are fetched at install; the canvas's fonts, icons and translations
 * (and the precompressed copies of everything) only when used.
 */
export function precacheCandidates(paths: string[]): string[] {
  return paths.filter((path) => /\.(js|css)$/.test(path));
}

/** What a navigation shows when neither the network nor a kept copy can answer. */
export function offlineFallback(): Response {
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <title>Offline · Journeyboard</title>
    <style>
      body { font: 15px/1.5 system-ui, sans-serif; display: grid; place-items: center; min-height: 90vh; margin: 0; }
      main { max-width: 28rem; padding: 1.5rem; }
    </style>
  </head>
  <body>
    <main>
      <h1>You are offline</h1>
      <p>Journeyboard cannot reach its server, and this page was not kept for offline use.
        Boards you opened on this browser before open offline; your edits are sent when the
        server is back.</p>
      <p><button type="button" onclick="location.reload()">Try again</button></p>
    </main>
  </body>
</html>`;
  return new Response(html, {
    status: 503,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
}
