import type { RateLimiterMemory } from 'rate-limiter-flexible';
import { consumeAll, memoryLimiter, type LimitWindow } from './rate-limit.ts';

export interface SignUpLimiterOptions {
  /** Sign-ups from one address; enough for a team on one office NAT. */
  perIp?: LimitWindow;
}

const DEFAULT_SIGN_UPS_PER_IP: LimitWindow = { points: 10, durationSeconds: 60 * 60 };

/** Counts sign-up attempts per address, taken or not, so it also slows enumeration. */
export class SignUpLimiter {
  readonly #ip: RateLimiterMemory;

  constructor(options: SignUpLimiterOptions = {}) {
    this.#ip = memoryLimiter('signup-ip', options.perIp ?? DEFAULT_SIGN_UPS_PER_IP);
  }

  async consume(ip: string | null): Promise<void> {
    if (ip === null) return;
    await consumeAll([[this.#ip, ip]], 'Too many sign-ups from this address. Try again later.');
  }
}

export interface BoardCreationLimiterOptions {
  /** Boards (new, imported, from a template) one account may create in the window. */
  perAccount?: LimitWindow;
}

const DEFAULT_BOARDS_PER_ACCOUNT: LimitWindow = { points: 30, durationSeconds: 60 * 60 };

/** Counts boards created per account. */
export class BoardCreationLimiter {
  readonly #account: RateLimiterMemory;

  constructor(options: BoardCreationLimiterOptions = {}) {
    this.#account = memoryLimiter(
      'board-creation',
      options.perAccount ?? DEFAULT_BOARDS_PER_ACCOUNT,
    );
  }

  async consume(userId: string): Promise<void> {
    await consumeAll(
      [[this.#account, userId]],
      'You have created many boards in a short time. Try again later.',
    );
  }
}
