import { TooManyAttemptsError } from '@journeyboard/auth';
import { getBoardCreationLimiter } from './auth.ts';

/**
 * Charges one board to the account; the message to show when it has created too many
 * lately, or null to go ahead. Charged before the work, so parallel requests cannot slip
 * past the count.
 */
export async function boardCreationRefusal(userId: string): Promise<string | null> {
  try {
    await getBoardCreationLimiter().consume(userId);
    return null;
  } catch (error) {
    if (!(error instanceof TooManyAttemptsError)) throw error;
    const minutes = Math.max(1, Math.ceil(error.retryAfterMs / 60_000));
    return `${error.message.replace(/ Try again later\.$/, '')} Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  }
}
