import type { RateLimiterMemory } from 'rate-limiter-flexible';
import { consumeAll, memoryLimiter, type LimitWindow } from './rate-limit.ts';

/** Counts attempts per key (an address, an account) and refuses with its own message. */
export class KeyedLimiter {
  readonly #limiter: RateLimiterMemory;
  readonly #message: string;

  constructor(options: { prefix: string; window: LimitWindow; message: string }) {
    this.#limiter = memoryLimiter(options.prefix, options.window);
    this.#message = options.message;
  }

  /** Charges one attempt to `key`; throws `TooManyAttemptsError` once it has run out. */
  async consume(key: string): Promise<void> {
    await consumeAll([[this.#limiter, key]], this.#message);
  }
}

/**
 * Sign-ups per address, taken addresses or not, so the form also cannot be used to
 * enumerate quickly. The default fits a team signing up behind one office NAT.
 */
export function createSignUpLimiter(perIp?: LimitWindow): KeyedLimiter {
  return new KeyedLimiter({
    prefix: 'signup-ip',
    window: perIp ?? { points: 10, durationSeconds: 60 * 60 },
    message: 'Too many sign-ups from this address. Try again later.',
  });
}

/** Boards (new, imported, from a template) one account may create in the window. */
export function createBoardCreationLimiter(perAccount?: LimitWindow): KeyedLimiter {
  return new KeyedLimiter({
    prefix: 'board-creation',
    window: perAccount ?? { points: 30, durationSeconds: 60 * 60 },
    message: 'You have created many boards in a short time. Try again later.',
  });
}
