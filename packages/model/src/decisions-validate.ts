import { ModelError } from './errors.ts';
import { LIMITS, checkLabel, checkText } from './validate.ts';
import { RATING_MAX, RATING_MIN } from './decisions-types.ts';

/** Length limits of the decision entities, in UTF-16 code units. */
export const DECISION_LIMITS = {
  reason: 2_000,
  learnt: 5_000,
  idea: 2_000,
  unit: 20,
  /** Linked cards per initiative. */
  cards: 50,
  /** Recorded values per KPI; the oldest beyond this are dropped. */
  kpiValues: 500,
} as const;

export function checkRating(value: unknown, what: string): number {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < RATING_MIN ||
    value > RATING_MAX
  ) {
    throw new ModelError(
      'invalid-number',
      `${what} is a whole number ${RATING_MIN} to ${RATING_MAX}`,
    );
  }
  return value;
}

export function checkNumber(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ModelError('invalid-number', `${what} must be a finite number`);
  }
  return value;
}

export function checkUserId(value: unknown, what: string): string {
  return checkLabel(value, what, LIMITS.userId);
}

/** A reason or note: trimmed, may be empty. */
export function checkNote(value: unknown, what: string, max: number): string {
  return checkText(value ?? '', what, max).trim();
}
