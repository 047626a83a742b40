import type { BallotStore } from './ballot-types.ts';
import type { SsoIdentityStore } from './identity-types.ts';
import type { InstanceStore, EmailTokenStore } from './instance-types.ts';
import type { InboxStore } from './inbox-types.ts';
import type { User } from './user-types.ts';
import type { NotificationStore } from './notification-types.ts';
import type { AttributedUpdate, SnapshotStore, TemplateStore } from './history-types.ts';

export type { User } from './user-types.ts';

/** A board's row: what the board list needs without loading the Yjs document. */
export interface BoardSummary {
  id: string;
  title: string;
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewBoard {
  id: string;
  title: string;
  createdBy?: string | null;
}

export interface BoardStore {
  create(board: NewBoard): Promise<BoardSummary>;
  get(id: string): Promise<BoardSummary | null>;
  list(): Promise<BoardSummary[]>;
  rename(id: string, title: string): Promise<void>;
  /** Deletes the board and its whole update log. */
  delete(id: string): Promise<void>;
  /** Bumps `updatedAt`; called by the sync server when it persists updates. */
  touch(id: string, at?: number): Promise<void>;
  /** The boards the user is a member of (created or shared), with their role, newest first. */
  listForUser(userId: string): Promise<BoardForUser[]>;
}

export interface LoggedUpdate {
  seq: number;
  bytes: Uint8Array;
}

/**
 * The append-only Yjs update log. A board's state is the merge of its entries.
 * Sequence numbers grow per board; compaction replaces a prefix by one merged entry.
 */
export interface UpdateLog {
  /**
   * Appends all updates in one transaction; resolves once durable, with the last seq.
   * `authors[i]` is the user who sent `updates[i]` (null or absent: unknown/server).
   */
  append(
    boardId: string,
    updates: readonly Uint8Array[],
    authors?: readonly (string | null)[],
  ): Promise<number>;
  /**
   * The same append, durable before it returns; only where the driver is synchronous
   * (SQLite: node:sqlite), so a small update can be stored and sent in the turn it
   * arrived. Throws where `append` would reject.
   */
  appendNow?(
    boardId: string,
    updates: readonly Uint8Array[],
    authors?: readonly (string | null)[],
  ): number;
  /** Every entry of the board in seq order. */
  load(boardId: string): Promise<LoggedUpdate[]>;
  /**
   * The entries after `afterSeq`, in seq order: what a reader holding the log up to
   * `afterSeq` lacks. A compaction since may return a merged entry covering older seqs
   * too; applying it again is harmless (Yjs updates are idempotent).
   */
  loadAfter(boardId: string, afterSeq: number): Promise<LoggedUpdate[]>;
  count(boardId: string): Promise<number>;
  /** As `load`, with each entry's author and time (the activity feed replays these). */
  loadAttributed(boardId: string): Promise<AttributedUpdate[]>;
  /**
   * Atomically replaces the entries with seq <= uptoSeq by `merged` (stored at uptoSeq).
   * Safe when two nodes compact at once: merging is idempotent, so a late, smaller
   * compaction leaves a redundant but correct log.
   */
  compact(boardId: string, merged: Uint8Array, uptoSeq: number): Promise<void>;
}

export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  readonly boards: BoardStore;
  readonly updates: UpdateLog;
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly members: MemberStore;
  readonly invites: InviteStore;
  /** Voting sessions and secret ballots (see ballot-types.ts). */
  readonly ballots: BallotStore;
  /** Version history (see history-types.ts). */
  readonly snapshots: SnapshotStore;
  /** Boards saved as templates by their members. */
  readonly templates: TemplateStore;
  /** Instance settings and the admin's users list (see instance-types.ts). */
  readonly instance: InstanceStore;
  readonly emailTokens: EmailTokenStore;
  /** Notification settings and the email outbox (see notification-types.ts). */
  readonly notifications: NotificationStore;
  /** In-app notifications behind the bell (see inbox-types.ts). */
  readonly inbox: InboxStore;
  /** Single sign-on accounts linked to users (see identity-types.ts). */
  readonly identities: SsoIdentityStore;
  /** The highest schema migration applied, for health checks and tests. */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}

/** Board roles, strongest first; packages/auth's `roleAtLeast` compares them. */
export type BoardRole = 'owner' | 'editor' | 'commenter' | 'viewer';

/** A user as every reader sees it; the password hash is only reachable on purpose. */
export interface NewUser {
  id: string;
  email: string;
  displayName: string;
  colour: string;
  passwordHash: string;
  department?: string | null;
}

export interface UserProfilePatch {
  displayName?: string;
  colour?: string;
  department?: string | null;
}

export interface UserStore {
  /** Throws `EmailTakenError` when the email is used, whatever its case. */
  create(user: NewUser): Promise<User>;
  get(id: string): Promise<User | null>;
  /** Case-insensitive. */
  getByEmail(email: string): Promise<User | null>;
  /** Case-insensitive; the one read that returns the hash, for sign-in. */
  getCredentials(email: string): Promise<{ user: User; passwordHash: string } | null>;
  getPasswordHash(id: string): Promise<string | null>;
  updateProfile(id: string, patch: UserProfilePatch): Promise<void>;
  updatePasswordHash(id: string, passwordHash: string): Promise<void>;
}

/** A session row. `id` is the SHA-256 of the token (hex); the token is never stored. */
export interface SessionRecord {
  id: string;
  userId: string;
  expiresAt: number;
  createdAt: number;
}

export interface NewSession {
  id: string;
  userId: string;
  expiresAt: number;
  createdAt?: number;
}

export interface SessionStore {
  create(session: NewSession): Promise<SessionRecord>;
  /** The session with its user, or null when either is missing. Does not check expiry. */
  getWithUser(id: string): Promise<{ session: SessionRecord; user: User } | null>;
  updateExpiry(id: string, expiresAt: number): Promise<void>;
  delete(id: string): Promise<void>;
  /** Deletes every session of the user except `exceptId` (the one changing a password). */
  deleteAllForUser(userId: string, exceptId?: string): Promise<void>;
  /** Housekeeping: deletes sessions expired at `now`; returns how many. */
  deleteExpired(now?: number): Promise<number>;
}

export interface BoardMember {
  user: User;
  role: BoardRole;
  addedAt: number;
  /** Set by the board's owners; vote breakdowns group by it (never by the profile's). */
  department: string | null;
}

export interface BoardForUser extends BoardSummary {
  role: BoardRole;
}

export interface MemberStore {
  /** Adds the user with `role`; returns false (and changes nothing) when already a member. */
  add(boardId: string, userId: string, role: BoardRole): Promise<boolean>;
  getRole(boardId: string, userId: string): Promise<BoardRole | null>;
  /** Members with their user, owners first, then by display name. */
  listForBoard(boardId: string): Promise<BoardMember[]>;
  /** Sets (null: clears) the member's department on this board; false when not a member. */
  setDepartment(boardId: string, userId: string, department: string | null): Promise<boolean>;
  /** Returns false when the user is not a member. */
  changeRole(boardId: string, userId: string, role: BoardRole): Promise<boolean>;
  /** Returns false when the user was not a member. */
  remove(boardId: string, userId: string): Promise<boolean>;
}

/** An invite link. `id` is the SHA-256 of the link's token (hex), like sessions. */
export interface Invite {
  id: string;
  boardId: string;
  role: BoardRole;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  /** Null: unlimited. */
  maxUses: number | null;
  uses: number;
  revokedAt: number | null;
}

export interface NewInvite {
  id: string;
  boardId: string;
  role: BoardRole;
  createdBy: string;
  expiresAt: number;
  maxUses?: number | null;
  createdAt?: number;
}

export interface InviteStore {
  create(invite: NewInvite): Promise<Invite>;
  get(id: string): Promise<Invite | null>;
  /**
   * Atomically counts one use when the invite is live at `now` (not revoked, not expired,
   * uses below maxUses) and returns it; null when it is not, or missing.
   */
  consume(id: string, now?: number): Promise<Invite | null>;
  /** Returns false when there is no such invite on that board. */
  revoke(boardId: string, id: string, now?: number): Promise<boolean>;
  /** Newest first, revoked and expired ones included. */
  listForBoard(boardId: string): Promise<Invite[]>;
}

/** What the account tables add to a `Storage`, built by each dialect's adapter. */
export interface AccountStores {
  users: UserStore;
  sessions: SessionStore;
  members: MemberStore;
  invites: InviteStore;
  listBoardsForUser: (userId: string) => Promise<BoardForUser[]>;
}
