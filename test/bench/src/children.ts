import type { ChildProcess } from 'node:child_process';

/**
 * Every process the harness starts, so that an error, Ctrl-C or a normal end kills them
 * all: a leftover server would skew the next run's CPU figures.
 */
const children = new Set<ChildProcess>();

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Synchronous, for process 'exit' and signal handlers. */
export function killAllChildren(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}

export function stopAllChildren(): Promise<void> {
  return Promise.all([...children].map((c) => stopChild(c))).then(() => {});
}
