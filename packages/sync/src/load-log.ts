import * as Y from 'yjs';
import { Limits } from '@journeyboard/protocol';
import type { LoggedUpdate } from '@journeyboard/storage';
import { trimOverConcurrentPlaces } from './trim-update.ts';
import { checkUpdate, type UpdateLimits, type UpdateVerdict } from './update-limits.ts';

/** Where skipped entries are reported: a pino logger, or `console`. */
export interface LogSink {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface ApplyLogOptions {
  logger?: LogSink;
  /** Default: the sync server's defaults (`Limits`). */
  limits?: UpdateLimits;
  /** Transaction origin for the applied updates. */
  origin?: unknown;
}

/**
 * Merges a board's log into a doc without letting a stored entry stall the process: each
 * entry's structure is checked first (a hostile update stored before the limits existed
 * is skipped and logged; one compacted with honest history is trimmed to what is valid,
 * see `trimOverConcurrentPlaces`), and the merge is applied only if it stays within the limits
 * too. Entries whose clients are out of order cannot go through `Y.mergeUpdates` (it
 * would build a different document than the live room did) and are applied one by one.
 * Size limits do not apply here: a compacted entry legitimately holds a board's history.
 */
export function applyLog(
  doc: Y.Doc,
  entries: readonly LoggedUpdate[],
  { logger = console, limits: bounds = Limits, origin = null }: ApplyLogOptions = {},
): void {
  const options = { logger, origin };
  const limits: UpdateLimits = {
    ...bounds,
    maxUpdateClients: Number.POSITIVE_INFINITY,
    maxUpdateStructs: Number.POSITIVE_INFINITY,
    maxUpdateDeleteRanges: Number.POSITIVE_INFINITY,
  };
  const mergeable: LoggedUpdate[] = [];
  const oneByOne: LoggedUpdate[] = [];
  for (const stored of entries) {
    const { entry, verdict } = trimmedIfHostile(stored, limits, options.logger);
    const use = classify(entry, verdict, options.logger);
    if (use === 'ok') mergeable.push(entry);
    else if (use === 'order') oneByOne.push(entry);
  }
  if (!applyMerged(doc, mergeable, limits, options)) oneByOne.unshift(...mergeable);
  // Judged alone above; one by one, what counts is the work each causes in this doc.
  const inDoc = { ...limits, maxConcurrentAtPlace: Number.POSITIVE_INFINITY };
  for (const entry of oneByOne) {
    if (judge(entry, doc, inDoc, options.logger) === 'skip') continue;
    try {
      Y.applyUpdate(doc, entry.bytes, options.origin);
    } catch (err) {
      options.logger.error({ err, seq: entry.seq }, 'skipping an update log entry');
    }
  }
}

/** True when the entries were applied as one merge; false when they must go one by one. */
function applyMerged(
  doc: Y.Doc,
  entries: LoggedUpdate[],
  limits: UpdateLimits,
  { logger, origin }: { logger: LogSink; origin: unknown },
): boolean {
  if (entries.length === 0) return true;
  try {
    const merged = Y.mergeUpdates(entries.map((e) => e.bytes));
    if (checkUpdate(merged, doc, limits).ok) {
      Y.applyUpdate(doc, merged, origin);
      return true;
    }
    logger.warn({}, 'the merged update log is over the limits; applying entries one by one');
  } catch (err) {
    logger.error({ err }, 'merging the update log failed; applying entries one by one');
  }
  return false;
}

function judge(
  entry: LoggedUpdate,
  doc: Y.Doc | null,
  limits: UpdateLimits,
  logger: LogSink,
): 'ok' | 'order' | 'skip' {
  return classify(entry, checkUpdate(entry.bytes, doc, limits), logger);
}

function classify(
  entry: LoggedUpdate,
  verdict: UpdateVerdict,
  logger: LogSink,
): 'ok' | 'order' | 'skip' {
  if (verdict.ok) return 'ok';
  if (verdict.rule === 'order') return 'order';
  logger.error({ seq: entry.seq, reason: verdict.reason }, 'skipping an update log entry');
  return 'skip';
}

/**
 * An entry with too many concurrent items at some places (a hostile update, maybe
 * compacted together with a board's honest history) loses those items and keeps the
 * rest. Any other entry is returned as it is, for `judge` to decide.
 */
function trimmedIfHostile(
  entry: LoggedUpdate,
  limits: UpdateLimits,
  logger: LogSink,
): { entry: LoggedUpdate; verdict: UpdateVerdict } {
  const verdict = checkUpdate(entry.bytes, null, limits);
  if (verdict.ok || verdict.rule !== 'concurrency') return { entry, verdict };
  const trimmed = trimOverConcurrentPlaces(entry.bytes, limits);
  if (!trimmed) return { entry, verdict };
  logger.warn(
    { seq: entry.seq, droppedItems: trimmed.droppedItems, droppedPlaces: trimmed.droppedPlaces },
    'trimming an update log entry: dropping its items at places over the concurrency limit',
  );
  const kept = { ...entry, bytes: trimmed.update };
  return { entry: kept, verdict: checkUpdate(kept.bytes, null, limits) };
}
