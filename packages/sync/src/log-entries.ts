import * as Y from 'yjs';
import type { PendingUpdate } from './update-writer.ts';

/**
 * What a batch becomes in the update log: one entry per author, so the log says who
 * wrote what (the activity feed replays it). A batch from one author (the usual case)
 * is stored as the merge the writer already made.
 */
export function logEntriesOf(
  merged: Uint8Array,
  batch: readonly PendingUpdate<{ readonly userId?: string } | null>[],
): { entries: Uint8Array[]; authors: (string | null)[] } {
  if (batch.length === 1) return { entries: [merged], authors: [batch[0]!.source?.userId ?? null] };
  const byAuthor = new Map<string | null, Uint8Array[]>();
  for (const { update, source } of batch) {
    const author = source?.userId ?? null;
    const updates = byAuthor.get(author) ?? [];
    updates.push(update);
    byAuthor.set(author, updates);
  }
  if (byAuthor.size === 1) return { entries: [merged], authors: [...byAuthor.keys()] };
  const entries = [...byAuthor.values()].map((group) =>
    group.length === 1 ? group[0]! : Y.mergeUpdates(group),
  );
  return { entries, authors: [...byAuthor.keys()] };
}
