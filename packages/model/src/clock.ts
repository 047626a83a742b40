import { ModelError } from './errors.ts';

/**
 * When a write happens. The caller passes the time (the browser or the server knows what
 * "now" means for it; tests pass a fixed one); `timeOf` is the one place in the model
 * that falls back to the system clock when it is left out.
 */
export interface ClockOptions {
  now?: number;
}

export function timeOf(options: ClockOptions | undefined): number {
  const now = options?.now;
  if (now === undefined) return Date.now();
  if (typeof now !== 'number' || !Number.isFinite(now)) {
    throw new ModelError('invalid-number', 'now must be a finite number of milliseconds');
  }
  return now;
}
