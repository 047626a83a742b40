// The render worker's entry point (run by piscina in a worker thread, straight from this
// source file): everything here is CPU-bound and must never run on the event loop that
// serves sockets and pages. Relative imports only, so Node can load it without Vite.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import * as Y from 'yjs';
import { buildExport, type ExportFile, type ExportFormat } from '../export/formats.ts';
import {
  replayActivity,
  type ActivityEntry,
  type ActivityItem,
  type RestoreMark,
} from '../history/activity-feed.ts';
import { buildImport, type ImportBuild, type ImportJob } from './import-job.ts';

export type RenderJob =
  | {
      kind: 'export';
      updates: Uint8Array[];
      format: ExportFormat;
      names: [string, string][];
      now: number;
    }
  | {
      kind: 'activity';
      entries: ActivityEntry[];
      names: [string, string][];
      limit: number;
      restores: RestoreMark[];
    }
  | ImportJob;

export type RenderResult = ExportFile | ActivityItem[] | ImportBuild;

/**
 * Renders are background work: on Linux a thread has its own niceness, so this worker
 * yields the CPU to the event loop thread (sockets, pages) whenever both want it. Where
 * threads cannot be reniced the render simply runs at normal priority.
 */
function lowerThisThreadsPriority(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    if (Number.isInteger(threadId)) setPriority(threadId, 19);
  } catch {
    // Not Linux, or not allowed: nothing to lower.
  }
}
lowerThisThreadsPriority();

export default async function render(job: RenderJob): Promise<RenderResult> {
  if (job.kind === 'import') return buildImport(job);
  const names = new Map(job.names);
  if (job.kind === 'activity') {
    return replayActivity(job.entries, names, job.limit, job.restores);
  }
  const doc = new Y.Doc();
  try {
    if (job.updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(job.updates));
    return await buildExport(doc, job.format, names, new Date(job.now));
  } finally {
    doc.destroy();
  }
}
