/**
 * Version history and saved templates (migration 4).
 *
 * A snapshot is the board's whole Yjs state at one moment, stored apart from the update
 * log so that compaction never touches it. Restoring one is not done here: the client
 * applies the difference as an ordinary edit (see restoreVersion in packages/model).
 */
export const SNAPSHOT_KINDS = ['manual', 'auto', 'before-restore', 'before-import'] as const;
export type SnapshotKind = (typeof SNAPSHOT_KINDS)[number];

export interface SnapshotSummary {
  id: string;
  boardId: string;
  /** What people see in the history panel; automatic ones get a descriptive name. */
  name: string;
  kind: SnapshotKind;
  /** Null for snapshots the server takes on its own (daily). */
  createdBy: string | null;
  createdAt: number;
  /** Bytes of the stored state. */
  size: number;
}

export interface NewSnapshot {
  id: string;
  boardId: string;
  name: string;
  kind: SnapshotKind;
  createdBy?: string | null;
  /** `Y.encodeStateAsUpdate` of the board. */
  state: Uint8Array;
  createdAt?: number;
}

export interface SnapshotStore {
  create(snapshot: NewSnapshot): Promise<SnapshotSummary>;
  /**
   * Stores the snapshot only when the board has no snapshot of the same kind taken less
   * than `minIntervalMs` before it; null when one exists. Atomic, so two sync nodes
   * seeing the same change store one daily snapshot, not two.
   */
  createIfDue(snapshot: NewSnapshot, minIntervalMs: number): Promise<SnapshotSummary | null>;
  /** Newest first. */
  list(boardId: string, limit?: number): Promise<SnapshotSummary[]>;
  get(boardId: string, id: string): Promise<SnapshotSummary | null>;
  /** The stored state, or null when there is no such snapshot on that board. */
  getState(boardId: string, id: string): Promise<Uint8Array | null>;
  /** The newest snapshot time of that kind, or null. */
  latestAt(boardId: string, kind: SnapshotKind): Promise<number | null>;
}

/** A board saved as a starting point for new boards, private to the member who saved it. */
export interface BoardTemplate {
  id: string;
  name: string;
  description: string;
  createdBy: string;
  createdAt: number;
}

export interface NewBoardTemplate {
  id: string;
  name: string;
  description?: string;
  createdBy: string;
  /** The board in the model's JSON format (exportBoardJson), as text. */
  body: string;
  createdAt?: number;
}

export interface TemplateStore {
  create(template: NewBoardTemplate): Promise<BoardTemplate>;
  /** The user's templates, newest first. */
  listForUser(userId: string): Promise<BoardTemplate[]>;
  /** The template's body when it belongs to the user; null otherwise. */
  getBody(id: string, userId: string): Promise<string | null>;
  /** Returns false when the user has no such template. */
  delete(id: string, userId: string): Promise<boolean>;
}

/** An update log entry with who sent it and when (null for entries from before migration 4, merged ones, and server writes). */
export interface AttributedUpdate {
  seq: number;
  bytes: Uint8Array;
  author: string | null;
  at: number | null;
}
