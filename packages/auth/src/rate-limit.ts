import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyAttemptsError } from './errors.ts';

export interface LimitWindow {
  /** Attempts allowed in the window; the next one is refused. */
  points: number;
  durationSeconds: number;
  /** How long a key stays refused once it ran out; defaults to the window. */
  blockSeconds?: number;
}

/**
 * Counters live in process memory: sign-in, sign-up and board creation are all served by
 * the web process, a restart forgetting the counts costs an attacker's window at most,
 * and memory needs no round trip per attempt. With several web processes each counts on
 * its own, which still bounds an attacker to (processes × points) per window.
 */
export function memoryLimiter(prefix: string, window: LimitWindow): RateLimiterMemory {
  return new RateLimiterMemory({
    keyPrefix: prefix,
    points: window.points,
    duration: window.durationSeconds,
    blockDuration: window.blockSeconds ?? window.durationSeconds,
  });
}

/**
 * Charges one point to each `[limiter, key]`; throws `TooManyAttemptsError` with the
 * longest wait when any of them has run out. Every key is charged even then, so that
 * hammering a refused key does not reset its neighbours.
 */
export async function consumeAll(
  charges: readonly (readonly [RateLimiterMemory, string])[],
  reason?: string,
): Promise<void> {
  const results = await Promise.allSettled(charges.map(([limiter, key]) => limiter.consume(key)));
  let refusedForMs: number | null = null;
  for (const result of results) {
    if (result.status === 'fulfilled') continue;
    if (!(result.reason instanceof RateLimiterRes)) throw result.reason;
    refusedForMs = Math.max(refusedForMs ?? 0, result.reason.msBeforeNext);
  }
  if (refusedForMs !== null) throw new TooManyAttemptsError(refusedForMs, reason);
}

export interface SignInLimiterOptions {
  /**
   * Guessing one account's password from one address: few attempts. Keyed by account and
   * address together, so a stranger elsewhere cannot lock the owner out.
   */
  perAccount?: LimitWindow;
  /** Spraying many accounts from one address; generous because offices share one NAT. */
  perIp?: LimitWindow;
}

const DEFAULT_PER_ACCOUNT: LimitWindow = { points: 10, durationSeconds: 15 * 60 };
const DEFAULT_PER_IP: LimitWindow = { points: 100, durationSeconds: 15 * 60 };

/** Counts failed sign-ins per account and address, and per address. */
export class SignInLimiter {
  readonly #accountAtAddress: RateLimiterMemory;
  readonly #ip: RateLimiterMemory;

  constructor(options: SignInLimiterOptions = {}) {
    this.#accountAtAddress = memoryLimiter(
      'signin-account',
      options.perAccount ?? DEFAULT_PER_ACCOUNT,
    );
    this.#ip = memoryLimiter('signin-ip', options.perIp ?? DEFAULT_PER_IP);
  }

  /**
   * Charges one attempt before the password is checked, so concurrent guesses cannot
   * slip past the count; throws `TooManyAttemptsError` when either key has run out.
   */
  async consume(accountKey: string, ip: string | null): Promise<void> {
    await consumeAll([
      [this.#accountAtAddress, accountAtAddress(accountKey, ip)],
      ...(ip === null ? [] : ([[this.#ip, ip]] as const)),
    ]);
  }

  /** After a successful sign-in: only failures should count. */
  async succeeded(accountKey: string, ip: string | null): Promise<void> {
    await this.#accountAtAddress.delete(accountAtAddress(accountKey, ip));
    if (ip !== null) await this.#ip.reward(ip);
  }
}

function accountAtAddress(accountKey: string, ip: string | null): string {
  return `${ip ?? 'unknown'} ${accountKey}`;
}

export function createSignInLimiter(options: SignInLimiterOptions = {}): SignInLimiter {
  return new SignInLimiter(options);
}
