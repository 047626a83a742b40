import { LRUCache } from 'lru-cache';
import type { Storage } from '@journeyboard/storage';
import type { ExportFile, ExportFormat } from '../export/formats.ts';
import { memberNames } from '../export/names.ts';
import type { ActivityItem } from '../history/activity-feed.ts';
import type { RenderJob, RenderResult } from './jobs.ts';
import { runRenderJob } from './pool.ts';

/** Rendered results kept, by total size: a few large maps or many small feeds. */
const CACHE_BYTES = 64 * 1024 * 1024;
const ACTIVITY_LIMIT = 100;

interface Pending {
  job: RenderJob;
}

const CACHE = Symbol.for('journeyboard.render-cache');

/**
 * Renders keyed by board version (the log's last sequence number: any edit appends, and
 * compaction keeps the number and the state). Repeating an export or reopening the
 * feed of an unchanged board costs a read of the log, not a render; identical requests
 * arriving together share one render (lru-cache's fetch dedupes them).
 */
function cache(): LRUCache<string, RenderResult, Pending> {
  const holder = globalThis as { [CACHE]?: LRUCache<string, RenderResult, Pending> };
  holder[CACHE] ??= new LRUCache<string, RenderResult, Pending>({
    maxSize: CACHE_BYTES,
    sizeCalculation: (value) =>
      Array.isArray(value)
        ? Math.max(1, JSON.stringify(value).length)
        : 'body' in value
          ? Math.max(1, value.body.length)
          : 1,
    fetchMethod: (_key, _stale, { context }) => runRenderJob(context.job),
  });
  return holder[CACHE];
}

function namesKey(names: ReadonlyMap<string, string>): string {
  return JSON.stringify([...names].sort(([a], [b]) => a.localeCompare(b)));
}

async function cached<T extends RenderResult>(key: string, job: RenderJob): Promise<T> {
  const result = await cache().fetch(key, { context: { job } });
  if (result === undefined) throw new Error(`render ${key.slice(0, 80)} produced nothing`);
  return result as T;
}

/** One export of the board's stored state, rendered off the event loop. */
export async function renderBoardExport(
  storage: Storage,
  boardId: string,
  format: ExportFormat,
  now = new Date(),
): Promise<ExportFile> {
  const [entries, names] = await Promise.all([
    storage.updates.load(boardId),
    memberNames(storage, boardId),
  ]);
  const version = entries.at(-1)?.seq ?? 0;
  // The JSON file carries the moment it was made; the report only its day.
  const moment = format === 'json' ? now.toISOString() : now.toISOString().slice(0, 10);
  const key = `export\0${boardId}\0${version}\0${format}\0${moment}\0${namesKey(names)}`;
  return cached<ExportFile>(key, {
    kind: 'export',
    updates: entries.map((entry) => entry.bytes),
    format,
    names: [...names],
    now: now.getTime(),
  });
}

/** "Before restoring “X”" names the version X that was restored (see the restore route). */
function restoredName(snapshotName: string): string {
  return /^Before restoring “(.*)”?$/s.exec(snapshotName)?.[1]?.replace(/”$/, '') ?? snapshotName;
}

/** The board's activity feed, replayed off the event loop. */
export async function renderBoardActivity(
  storage: Storage,
  boardId: string,
): Promise<ActivityItem[]> {
  const [entries, names, versions] = await Promise.all([
    storage.updates.loadAttributed(boardId),
    memberNames(storage, boardId),
    storage.snapshots.list(boardId),
  ]);
  const version = entries.at(-1)?.seq ?? 0;
  const key = `activity\0${boardId}\0${version}\0${namesKey(names)}`;
  return cached<ActivityItem[]>(key, {
    kind: 'activity',
    entries: entries.map(({ bytes, author, at }) => ({ bytes, author, at })),
    names: [...names],
    limit: ACTIVITY_LIMIT,
    restores: versions.flatMap((version) =>
      version.kind === 'before-restore' && version.createdBy
        ? [
            {
              author: version.createdBy,
              at: version.createdAt,
              versionName: restoredName(version.name),
            },
          ]
        : [],
    ),
  });
}
