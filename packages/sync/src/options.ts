import type { IncomingMessage } from 'node:http';
import type * as Y from 'yjs';
import type { Logger } from 'pino';
import type { BoardRole, Storage } from '@journeyboard/storage';
import { Limits } from '@journeyboard/protocol';

/** A member's role on a board: the one definition is storage's `BoardRole`. */
export type Role = BoardRole;

/** What the upgrade handler learns about a client before the WebSocket exists. */
export type AccessDecision =
  | {
      ok: true;
      userId: string;
      role: Role;
      /** Lets `revalidate({ sessionId })` find this session's sockets (e.g. on sign-out). */
      sessionId?: string;
      /** The account's display name and colour: the server puts them in its presence. */
      name?: string;
      colour?: string;
    }
  | { ok: false; status: 401 | 403 | 404; reason: string };

export type Authorize = (req: IncomingMessage, boardId: string) => Promise<AccessDecision>;

export interface WriteContext {
  boardId: string;
  userId: string;
  role: Role;
  /** The Yjs update; its structure is already checked (`checkUpdate`), within the limits. */
  update: Uint8Array;
  /** The room's document (durable state), to resolve where the update's items live. */
  doc?: Y.Doc;
  /** `update` as Y.decodeUpdate returns it, when the caller decoded it already. */
  decoded?: ReturnType<typeof Y.decodeUpdate>;
}

export type WriteDecision = { ok: true } | { ok: false; reason: string };

/**
 * Decides whether a client's document update may be applied. The hook exists so that a
 * later change can let commenters write to the comments map only.
 */
export type WritePolicy = (context: WriteContext) => WriteDecision;

/** Cross-node fan-out over Redis; without it the server is a single node. */
export interface RedisSettings {
  /** redis:// or rediss:// URL (e.g. from REDIS_URL). */
  url: string;
  /** Key prefix, so several deployments (or test runs) can share one Redis. Default `jb`. */
  prefix?: string;
  /** Default: random per process, so a restarted node counts as a new node. */
  nodeId?: string;
  /** Entries kept (about) per board stream; a node further behind reloads from storage. */
  streamMaxLen?: number;
  heartbeatMs?: number;
  /** A node silent this long is gone and its clients' presence removed. Default 3 s. */
  nodeTtlMs?: number;
}

export type SyncLimits = { -readonly [K in keyof Limits]: number };

export interface SyncServerOptions {
  storage: Storage;
  /** Decides access at the upgrade. Default: the board must exist; everyone edits. */
  authorize?: Authorize;
  /**
   * Benchmarks and protocol tests only: skip `authorize` and create unknown boards on
   * demand. The bin refuses it unless bound to a loopback address.
   */
  noAuth?: boolean;
  writePolicy?: WritePolicy;
  /**
   * Origins whose pages may open sockets (e.g. from ORIGIN). Default: only pages served
   * from the host the upgrade was sent to.
   */
  allowedOrigins?: readonly string[];
  logger?: Logger;
  limits?: Partial<SyncLimits>;
  /** Grace period before a board without clients is flushed and dropped from memory. */
  unloadAfterMs?: number;
  /** Log entries after which a board's update log is merged into one entry. */
  compactAfterUpdates?: number;
  /** How often open connections are re-authorized (role changes, removals); 0: never. */
  revalidateEveryMs?: number;
  /** Share boards with other sync nodes through Redis (scale-out). */
  redis?: RedisSettings;
}

export const defaultWritePolicy: WritePolicy = ({ role }) =>
  role === 'owner' || role === 'editor'
    ? { ok: true }
    : { ok: false, reason: `a ${role} cannot edit this board` };

export const DEFAULT_UNLOAD_AFTER_MS = 30_000;
export const DEFAULT_COMPACT_AFTER_UPDATES = 500;
