/** Every way a write can be refused, as a machine-readable code. */
export type ModelErrorCode =
  | 'invalid-actor'
  | 'invalid-text'
  | 'invalid-kind'
  | 'invalid-position'
  | 'invalid-score'
  | 'invalid-field'
  | 'invalid-colour'
  | 'field-not-allowed'
  | 'wrong-lane-kind'
  | 'unknown-stage'
  | 'unknown-lane'
  | 'unknown-card'
  | 'unknown-persona'
  | 'unknown-template'
  | 'unknown-initiative'
  | 'unknown-kpi'
  | 'unknown-idea'
  | 'invalid-status'
  | 'invalid-number'
  | 'reason-required'
  | 'already-triaged'
  | 'not-keeper'
  | 'board-not-empty'
  | 'duplicate-id'
  | 'invalid-id'
  | 'not-initialised';

/**
 * Thrown before any change is made: Yjs commits whatever a transaction did before an
 * exception, so every write validates first and mutates after.
 */
export class ModelError extends Error {
  readonly code: ModelErrorCode;

  constructor(code: ModelErrorCode, message: string) {
    super(message);
    this.name = 'ModelError';
    this.code = code;
  }
}

export function isModelError(value: unknown, code?: ModelErrorCode): value is ModelError {
  return value instanceof ModelError && (code === undefined || value.code === code);
}
