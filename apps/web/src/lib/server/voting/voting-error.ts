/**
 * Why a voting or facilitation request was refused, in the domain's words; the routes
 * map each code to an HTTP status (`requests.ts`). The message is shown as is.
 */
export type VotingErrorCode =
  /** The session's settings do not make a vote (no cards, a past deadline, …). */
  | 'invalid-session'
  | 'session-not-found'
  /** The ballot storage refused the vote (over the budget, the session closed, …). */
  | 'vote-refused'
  /** A secret session has fewer voters than it needs before its totals may be shown. */
  | 'too-few-voters'
  /** The presentation lock belongs to someone else. */
  | 'locked-by-another';

/** A request refused for a reason the person can act on. */
export class VotingError extends Error {
  readonly code: VotingErrorCode;
  constructor(code: VotingErrorCode, message: string) {
    super(message);
    this.name = 'VotingError';
    this.code = code;
  }
}
