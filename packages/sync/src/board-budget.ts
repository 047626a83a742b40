import * as Y from 'yjs';
import { CloseCode } from '@journeyboard/protocol';
import type { Role, SyncLimits } from './options.ts';
import { TokenBucket } from './token-bucket.ts';
import { checkUpdate } from './update-limits.ts';
import type { UpdateScan } from './update-scan.ts';

export type BoardLimits = Pick<
  SyncLimits,
  | 'maxUpdateClients'
  | 'maxUpdateStructs'
  | 'maxCommentUpdateStructs'
  | 'maxUpdateDeleteRanges'
  | 'maxConcurrentAtPlace'
  | 'maxIntegrationWork'
  | 'integrationWorkPerSecond'
  | 'maxBoardBytes'
  | 'boardGrowthBytesPerMinute'
>;

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

export type Refusal = { ok: false; code: CloseCode; reason: string };
export type Admission = { ok: true } | Refusal;

/** `67108864` → `64 MB`, `102400` → `100 KB`. */
function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${Math.round(bytes / (1024 * 1024))} MB`
    : `${Math.round(bytes / 1024)} KB`;
}

/**
 * What one board may take from the server, shared by everyone on it: the work its
 * untrusted updates cause (so one board cannot stall the others), its stored size and
 * how fast it grows.
 */
export class BoardBudget {
  readonly #limits: BoardLimits;
  readonly #work: TokenBucket;
  readonly #growth: TokenBucket;
  #storedBytes = 0;

  constructor(limits: BoardLimits) {
    this.#limits = limits;
    this.#work = new TokenBucket(limits.integrationWorkPerSecond, limits.integrationWorkPerSecond);
    this.#growth = new TokenBucket(
      limits.boardGrowthBytesPerMinute / 60,
      limits.boardGrowthBytesPerMinute,
    );
  }

  get storedBytes(): number {
    return this.#storedBytes;
  }

  /** The size of the board's log as read from storage (load, reload, compaction). */
  setStoredBytes(bytes: number): void {
    this.#storedBytes = bytes;
  }

  /** An entry was appended to the board's log (here or on another node). */
  stored(bytes: number): void {
    this.#storedBytes += bytes;
  }

  /**
   * Judges the structure of a client's update against the board's current document, before
   * anything decodes it. Commenters and viewers write a comment at most: a lower bound.
   */
  checkStructure(
    update: Uint8Array,
    doc: Y.Doc,
    role: Role,
  ): { ok: true; scan: UpdateScan; decoded: DecodedUpdate } | Refusal {
    const limits = this.#limits;
    const writesAnything = role === 'owner' || role === 'editor';
    const verdict = checkUpdate(update, doc, {
      ...limits,
      maxUpdateStructs: writesAnything ? limits.maxUpdateStructs : limits.maxCommentUpdateStructs,
    });
    if (!verdict.ok) {
      return verdict.rule === 'malformed'
        ? { ok: false, code: CloseCode.MalformedMessage, reason: verdict.reason }
        : { ok: false, code: CloseCode.UpdateTooComplex, reason: verdict.reason };
    }
    // The scan reads the layout; Yjs also checks the contents (JSON, type refs). Within
    // the bounds above, decoding costs what applying will cost anyway.
    let decoded: DecodedUpdate;
    try {
      decoded = Y.decodeUpdate(update);
    } catch {
      return { ok: false, code: CloseCode.MalformedMessage, reason: 'invalid document update' };
    }
    if (verdict.work > 0 && !this.#work.takeMany(verdict.work)) {
      return {
        ok: false,
        code: CloseCode.RateLimited,
        reason: 'too many concurrent changes on this board, try again shortly',
      };
    }
    // Handed on to the write policy, which then need not decode the update again.
    return { ok: true, scan: verdict.scan, decoded };
  }

  /** Size and growth, for an update the write policy allowed. */
  admitGrowth(bytes: number): Admission {
    const { maxBoardBytes, boardGrowthBytesPerMinute } = this.#limits;
    if (this.#storedBytes + bytes > maxBoardBytes) {
      return {
        ok: false,
        code: CloseCode.BoardTooLarge,
        reason: `board is full (${formatBytes(maxBoardBytes)}): changes not saved`,
      };
    }
    if (!this.#growth.takeMany(bytes)) {
      return {
        ok: false,
        code: CloseCode.RateLimited,
        reason: `board growing faster than ${formatBytes(boardGrowthBytesPerMinute)} a minute`,
      };
    }
    return { ok: true };
  }
}
