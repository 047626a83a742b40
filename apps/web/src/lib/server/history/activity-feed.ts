import * as Y from 'yjs';
import { ActivityReplay, type ActivityChange } from '@journeyboard/model';
import { RestoreUndoWatch } from './restore-undo.ts';

/** One line of the activity feed. */
export interface ActivityItem extends ActivityChange {
  authorName: string;
  at: number | null;
  /** How many log entries this line stands for (typing in one card is many). */
  count: number;
}

/** A log entry as the feed reads it. */
export interface ActivityEntry {
  bytes: Uint8Array;
  author: string | null;
  at: number | null;
}

/**
 * A restore as the history records it: the restorer saved "Before restoring …" just before
 * their browser applied the version as one edit. That edit is the restorer's next entry.
 */
export interface RestoreMark {
  author: string;
  at: number;
  versionName: string;
}

/** The restore's edit follows its mark within seconds; later entries are ordinary edits. */
const RESTORE_WINDOW_MS = 60_000;

/** Entries replayed one by one; older ones are merged in as the starting state. */
const REPLAYED = 400;
/** Consecutive edits of one thing by one person within this window read as one line. */
const COALESCE_MS = 10 * 60 * 1000;

/**
 * Who added, moved, deleted what, recent first — derived by replaying the update log
 * (each entry carries its sender) one entry at a time. Nothing is stored twice, so the
 * feed cannot disagree with the board. Compaction merges older entries into one without
 * an author (not replayed); it keeps the newest half of its threshold as they are, so
 * the feed reaches back that far. Pure and synchronous: it runs in a render worker.
 */
export function replayActivity(
  entries: readonly ActivityEntry[],
  names: ReadonlyMap<string, string>,
  limit = 100,
  restores: readonly RestoreMark[] = [],
): ActivityItem[] {
  const pendingRestores = [...restores].sort((a, b) => a.at - b.at);
  const doc = new Y.Doc();
  try {
    const firstReplayed = entries.findIndex(
      (entry, index) => entry.author !== null && index >= entries.length - REPLAYED,
    );
    const start = firstReplayed === -1 ? entries.length : firstReplayed;
    const base = entries.slice(0, start).map((e) => e.bytes);
    if (base.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(base));
    const replay = new ActivityReplay(doc);
    const feed = new FeedLines();
    const undoWatch = new RestoreUndoWatch();
    for (const entry of entries.slice(start)) {
      let changes: ActivityChange[];
      try {
        changes = replay.apply(entry.bytes);
      } catch {
        // A malformed entry is skipped; the board itself never applied it either.
        continue;
      }
      if (entry.author === null) continue;
      const authorName = names.get(entry.author) ?? 'A former member';
      const restore = takeRestore(pendingRestores, entry);
      if (restore) {
        undoWatch.restored(entry.author, restore.versionName, changes);
        const line = versionLine('restored', restore.versionName);
        feed.add({ ...line, authorName, at: entry.at, count: 1 }, entry.author);
        continue;
      }
      const undone = undoWatch.undoneBy(entry.author, changes);
      if (undone !== null) {
        feed.add(
          { ...versionLine('undid', undone), authorName, at: entry.at, count: 1 },
          entry.author,
        );
        continue;
      }
      for (const change of changes) {
        feed.add({ ...change, authorName, at: entry.at, count: 1 }, entry.author);
      }
    }
    return feed.items.reverse().slice(0, limit);
  } finally {
    doc.destroy();
  }
}

function versionLine(verb: 'restored' | 'undid', versionName: string): ActivityChange {
  return { verb, subject: 'version', id: '', label: versionName };
}

/** The restore mark this entry carries out, if any (removed from the list). */
function takeRestore(marks: RestoreMark[], entry: ActivityEntry): RestoreMark | null {
  if (entry.at === null) return null;
  const index = marks.findIndex(
    (mark) =>
      mark.author === entry.author &&
      entry.at! >= mark.at &&
      entry.at! - mark.at < RESTORE_WINDOW_MS,
  );
  return index === -1 ? null : marks.splice(index, 1)[0]!;
}

/** Feed lines in log order, merging a person's burst of edits to one thing into one line. */
class FeedLines {
  readonly items: ActivityItem[] = [];
  #lastAuthor: string | null = null;

  add(item: ActivityItem, author: string): void {
    const last = this.items.at(-1);
    if (
      last &&
      this.#lastAuthor === author &&
      last.subject === item.subject &&
      last.id === item.id &&
      (last.verb === item.verb || (last.verb === 'added' && item.verb === 'edited')) &&
      (item.at ?? 0) - (last.at ?? 0) < COALESCE_MS
    ) {
      // Typing a new card's text right after adding it is still "added a card".
      this.items[this.items.length - 1] = {
        ...last,
        label: item.label || last.label,
        at: item.at,
        count: last.count + 1,
      };
      return;
    }
    this.items.push(item);
    this.#lastAuthor = author;
  }
}
