/** Every way an evidence write (stories, highlights, comments, CSV import) is refused. */
export type EvidenceErrorCode =
  | 'unknown-story'
  | 'unknown-annotation'
  | 'unknown-comment'
  | 'unknown-card'
  | 'unknown-stage'
  | 'invalid-source'
  | 'invalid-tag'
  | 'invalid-range'
  | 'invalid-target'
  | 'invalid-text'
  | 'invalid-date'
  | 'invalid-user'
  | 'invalid-reply'
  | 'not-author';

/**
 * Thrown before any change is made, like ModelError: Yjs commits whatever a transaction
 * did before an exception, so every write validates first and mutates after.
 */
export class EvidenceError extends Error {
  readonly code: EvidenceErrorCode;

  constructor(code: EvidenceErrorCode, message: string) {
    super(message);
    this.name = 'EvidenceError';
    this.code = code;
  }
}

export function isEvidenceError(value: unknown, code?: EvidenceErrorCode): value is EvidenceError {
  return value instanceof EvidenceError && (code === undefined || value.code === code);
}
