/** What y-indexeddb calls this browser's copy of a board. */
const LOCAL_COPY_PREFIX = 'journeyboard:board:';

export function localCopyName(boardId: string): string {
  return `${LOCAL_COPY_PREFIX}${boardId}`;
}

/** Pages the service worker kept for offline use (see service-worker/index.ts). */
const KEPT_PAGES_PREFIX = 'pages-';

export type ClearResult = 'cleared' | 'blocked';

/**
 * Deletes this browser's copies of boards (IndexedDB) and the board pages the service
 * worker kept, so the next person on this browser finds none of them. 'blocked' when
 * another tab still has a board open: its copy goes once that tab closes.
 */
export async function clearLocalCopies(): Promise<ClearResult> {
  const names = (await indexedDB.databases())
    .map((database) => database.name)
    .filter((name): name is string => name?.startsWith(LOCAL_COPY_PREFIX) ?? false);
  const results = await Promise.all(names.map(deleteDatabase));
  if ('caches' in globalThis) {
    for (const key of await caches.keys()) {
      if (key.startsWith(KEPT_PAGES_PREFIX)) await caches.delete(key);
    }
  }
  return results.includes('blocked') ? 'blocked' : 'cleared';
}

function deleteDatabase(name: string): Promise<ClearResult> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve('cleared');
    request.onerror = () => reject(request.error ?? new Error(`deleting ${name} failed`));
    // The deletion stays queued and completes once the other tab lets go.
    request.onblocked = () => resolve('blocked');
  });
}
