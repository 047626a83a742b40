import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyAttemptsError } from './errors.ts';

export interface LimitWindow {
  /** Failed attempts allowed in the window; the next one is refused. */
  points: number;
  durationSeconds: number;
  /** How long a key stays refused once it ran out; defaults to the window. */
  blockSeconds?: number;
}

export interface SignInLimiterOptions {
  /** Guessing one account's password: few attempts. */
  perAccount?: LimitWindow;
  /** Spraying many accounts from one address; generous because offices share one NAT. */
  perIp?: LimitWindow;
}

const DEFAULT_PER_ACCOUNT: LimitWindow = { points: 10, durationSeconds: 15 * 60 };
const DEFAULT_PER_IP: LimitWindow = { points: 100, durationSeconds: 15 * 60 };

function memoryLimiter(prefix: string, window: LimitWindow): RateLimiterMemory {
  return new RateLimiterMemory({
    keyPrefix: prefix,
    points: window.points,
    duration: window.durationSeconds,
    blockDuration: window.blockSeconds ?? window.durationSeconds,
  });
}

/**
 * Counts sign-in attempts per account and per IP, in process memory: one instance per
 * process, shared by every request. With several web processes each counts on its own,
 * which still bounds guessing to (processes × points) per window.
 */
export class SignInLimiter {
  readonly #account: RateLimiterMemory;
  readonly #ip: RateLimiterMemory;

  constructor(options: SignInLimiterOptions = {}) {
    this.#account = memoryLimiter('signin-account', options.perAccount ?? DEFAULT_PER_ACCOUNT);
    this.#ip = memoryLimiter('signin-ip', options.perIp ?? DEFAULT_PER_IP);
  }

  /**
   * Charges one attempt before the password is checked, so concurrent guesses cannot
   * slip past the count; throws `TooManyAttemptsError` when either key has run out.
   */
  async consume(accountKey: string, ip: string | null): Promise<void> {
    const results = await Promise.allSettled([
      this.#account.consume(accountKey),
      ip === null ? Promise.resolve(null) : this.#ip.consume(ip),
    ]);
    let refusedForMs: number | null = null;
    for (const result of results) {
      if (result.status === 'fulfilled') continue;
      if (!(result.reason instanceof RateLimiterRes)) throw result.reason;
      refusedForMs = Math.max(refusedForMs ?? 0, result.reason.msBeforeNext);
    }
    if (refusedForMs !== null) throw new TooManyAttemptsError(refusedForMs);
  }

  /** After a successful sign-in: only failures should count. */
  async succeeded(accountKey: string, ip: string | null): Promise<void> {
    await this.#account.delete(accountKey);
    if (ip !== null) await this.#ip.reward(ip);
  }
}

export function createSignInLimiter(options: SignInLimiterOptions = {}): SignInLimiter {
  return new SignInLimiter(options);
}
