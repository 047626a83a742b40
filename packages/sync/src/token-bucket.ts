/**
 * A token bucket checked on every incoming message. Hand-written rather than taken from a
 * rate-limit library: those are built for keyed, often async stores (Redis, memory maps
 * with timers), while this runs synchronously once per frame on the hot path and holds
 * two numbers per connection, with no timers and no allocation.
 */
export class TokenBucket {
  readonly #ratePerMs: number;
  readonly #burst: number;
  #tokens: number;
  #updatedAt: number;

  constructor(ratePerSecond: number, burst: number, now = performance.now()) {
    this.#ratePerMs = ratePerSecond / 1000;
    this.#burst = burst;
    this.#tokens = burst;
    this.#updatedAt = now;
  }

  /** Takes one token if there is one. */
  take(now = performance.now()): boolean {
    return this.takeMany(1, now);
  }

  /** Takes `amount` tokens if there are that many (bytes, work units); none otherwise. */
  takeMany(amount: number, now = performance.now()): boolean {
    this.#refill(now);
    if (this.#tokens < amount) return false;
    this.#tokens -= amount;
    return true;
  }

  /** Milliseconds until a token is available (0 when one is). */
  waitMs(now = performance.now()): number {
    this.#refill(now);
    return this.#tokens >= 1 ? 0 : Math.ceil((1 - this.#tokens) / this.#ratePerMs);
  }

  #refill(now: number): void {
    const elapsed = now - this.#updatedAt;
    if (elapsed > 0) {
      this.#tokens = Math.min(this.#burst, this.#tokens + elapsed * this.#ratePerMs);
      this.#updatedAt = now;
    }
  }
}
