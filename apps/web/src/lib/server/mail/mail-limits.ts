import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * How much mail one person can make the server send: a hostile member must not turn the
 * instance into a spam relay, nor flood someone's inbox with reset links.
 */
export interface MailLimits {
  /** Invites one signed-in user sends: 30 an hour. */
  bySender: RateLimiterMemory;
  /** Any email to one address that a stranger can trigger (reset links): 5 an hour. */
  byRecipient: RateLimiterMemory;
  /**
   * "Someone tried to sign up with your address" notices to one address: 3 a day. Their
   * own budget, so a stranger's sign-ups cannot use up the owner's reset links.
   */
  signUpNotice: RateLimiterMemory;
}

const HOUR = 60 * 60;
const LIMITS = Symbol.for('journeyboard.mailLimits');

export function getMailLimits(): MailLimits {
  const holder = globalThis as { [LIMITS]?: MailLimits };
  return (holder[LIMITS] ??= {
    bySender: new RateLimiterMemory({ keyPrefix: 'mail-sender', points: 30, duration: HOUR }),
    byRecipient: new RateLimiterMemory({ keyPrefix: 'mail-to', points: 5, duration: HOUR }),
    signUpNotice: new RateLimiterMemory({
      keyPrefix: 'mail-signup-taken',
      points: 3,
      duration: 24 * HOUR,
    }),
  });
}

/** Counts one email against `key`; false once the limit is used up. */
export async function takeMailAllowance(limiter: RateLimiterMemory, key: string): Promise<boolean> {
  try {
    await limiter.consume(key.toLowerCase());
    return true;
  } catch (error) {
    if (error instanceof RateLimiterRes) return false;
    throw error;
  }
}
