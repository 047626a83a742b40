import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { RenderJob, RenderResult } from './jobs.ts';

/** Thrown when the render queue is full: the request is refused, the process carries on. */
export class RenderBusyError extends Error {
  readonly code = 'render-busy';
  constructor() {
    super('The server is busy rendering other exports; try again in a minute.');
  }
}

/** A render that takes longer than this is abandoned (its worker is terminated). */
const RENDER_TIMEOUT_MS = 300_000;
/** Renders waiting beyond those running; more are refused rather than queued forever. */
const MAX_QUEUED = 16;

const POOL = Symbol.for('journeyboard.render-pool');

/**
 * One pool per process, kept on globalThis like the storage handle (not per request):
 * threads are costly to start, and a dev server reloading this module must not leak pools.
 */
function pool(): Piscina<RenderJob, RenderResult> {
  const holder = globalThis as { [POOL]?: Piscina<RenderJob, RenderResult> };
  holder[POOL] ??= new Piscina<RenderJob, RenderResult>({
    filename: fileURLToPath(import.meta.resolve('#lib/server/render/jobs.ts')),
    minThreads: 0,
    maxThreads: renderThreads(),
    idleTimeout: 30_000,
    maxQueue: MAX_QUEUED,
    // A hostile 25 MB board must not take the process's memory with it: the worker dies alone.
    resourceLimits: { maxOldGenerationSizeMb: 1_024 },
  });
  return holder[POOL];
}

function renderThreads(): number {
  const configured = Number(process.env.JOURNEYBOARD_RENDER_THREADS);
  if (Number.isInteger(configured) && configured > 0) return configured;
  // Two at least, so a feed is not stuck behind a large PNG; beyond that leave a core to
  // the event loop (sockets, pages, saving).
  return Math.max(2, Math.min(4, availableParallelism() - 1));
}

/** Runs one job in a worker thread. */
export async function runRenderJob<T extends RenderResult>(job: RenderJob): Promise<T> {
  const workers = pool();
  if (workers.queueSize >= MAX_QUEUED) throw new RenderBusyError();
  return (await workers.run(job, { signal: AbortSignal.timeout(RENDER_TIMEOUT_MS) })) as T;
}
