/** The board does not exist (never created, or deleted). */
export class BoardNotFoundError extends Error {
  readonly code = 'board-not-found';

  constructor(boardId: string) {
    super(`board ${boardId} does not exist`);
    this.name = 'BoardNotFoundError';
  }
}

/** `create` was given an id that is taken. */
export class BoardExistsError extends Error {
  readonly code = 'board-exists';

  constructor(boardId: string) {
    super(`board ${boardId} already exists`);
    this.name = 'BoardExistsError';
  }
}

/**
 * `compact` was asked to go past the last appended seq. Storing the merged entry there
 * would collide with the seq the next append takes.
 */
export class CompactRangeError extends Error {
  readonly code = 'compact-range';

  constructor(boardId: string, uptoSeq: number, lastSeq: number) {
    super(`cannot compact board ${boardId} up to seq ${uptoSeq}: last seq is ${lastSeq}`);
    this.name = 'CompactRangeError';
  }
}

/** A user with this email (compared case-insensitively) already exists. */
export class EmailTakenError extends Error {
  readonly code = 'email-taken';

  constructor() {
    super('email already in use');
    this.name = 'EmailTakenError';
  }
}

/**
 * By name and code, not `instanceof`: the web app's bundle and the storage the server
 * opened can hold two copies of this class.
 */
export function isEmailTakenError(error: unknown): error is EmailTakenError {
  return (
    error instanceof Error &&
    error.name === 'EmailTakenError' &&
    (error as Error & { code?: unknown }).code === 'email-taken'
  );
}

export function checkUptoSeq(uptoSeq: number): void {
  if (!Number.isSafeInteger(uptoSeq) || uptoSeq < 1) {
    throw new RangeError(`uptoSeq must be a positive integer, got ${uptoSeq}`);
  }
}
