import * as Y from 'yjs';
import { boardDigest, diffDigests, type ActivityChange } from '@journeyboard/model';
import type { Storage } from '@journeyboard/storage';

/** One line of the activity feed. */
export interface ActivityItem extends ActivityChange {
  authorName: string;
  at: number | null;
  /** How many log entries this line stands for (typing in one card is many). */
  count: number;
}

/** Entries replayed one by one; older ones are merged in as the starting state. */
const REPLAYED = 400;
/** Consecutive edits of one thing by one person within this window read as one line. */
const COALESCE_MS = 10 * 60 * 1000;

/**
 * Who added, moved, deleted what, recent first — derived by replaying the update log
 * (each entry carries its sender since migration 4) and diffing the board before and
 * after each entry. Nothing is stored twice, so the feed cannot disagree with the
 * board. Compaction merges older entries into one without an author (not replayed);
 * it keeps the newest half of its threshold as they are, so the feed reaches back that far.
 */
export async function boardActivity(
  storage: Storage,
  boardId: string,
  limit = 100,
): Promise<ActivityItem[]> {
  const [entries, members] = await Promise.all([
    storage.updates.loadAttributed(boardId),
    storage.members.listForBoard(boardId),
  ]);
  const names = new Map(members.map((m) => [m.user.id, m.user.displayName]));
  const doc = new Y.Doc();
  try {
    const firstReplayed = entries.findIndex(
      (entry, index) => entry.author !== null && index >= entries.length - REPLAYED,
    );
    const start = firstReplayed === -1 ? entries.length : firstReplayed;
    const base = entries.slice(0, start).map((e) => e.bytes);
    if (base.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(base));
    const items: ActivityItem[] = [];
    let before = boardDigest(doc);
    for (const entry of entries.slice(start)) {
      try {
        Y.applyUpdate(doc, entry.bytes);
      } catch {
        continue;
      }
      const after = boardDigest(doc);
      if (entry.author !== null) {
        const authorName = names.get(entry.author) ?? 'A former member';
        for (const change of diffDigests(before, after)) {
          addItem(items, { ...change, authorName, at: entry.at, count: 1 }, entry.author);
        }
      }
      before = after;
    }
    return items.reverse().slice(0, limit);
  } finally {
    doc.destroy();
  }
}

const authors = new WeakMap<ActivityItem, string>();

function addItem(items: ActivityItem[], item: ActivityItem, author: string): void {
  const last = items.at(-1);
  if (
    last &&
    authors.get(last) === author &&
    last.subject === item.subject &&
    last.id === item.id &&
    (last.verb === item.verb || (last.verb === 'added' && item.verb === 'edited')) &&
    (item.at ?? 0) - (last.at ?? 0) < COALESCE_MS
  ) {
    // Typing a new card's text right after adding it is still "added a card".
    items[items.length - 1] = {
      ...last,
      label: item.label || last.label,
      at: item.at,
      count: last.count + 1,
    };
    authors.set(items[items.length - 1]!, author);
    return;
  }
  items.push(item);
  authors.set(item, author);
}
