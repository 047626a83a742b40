import type { User } from './user-types.ts';

/** A user as the instance admin sees it. */
export interface InstanceUser extends User {
  /** Made admin on the admin page (the first account and env-named admins are not flagged). */
  isAdmin: boolean;
  /** The oldest account: the instance's admin by default. */
  isFirst: boolean;
  /** When an admin disabled the account; null while it may sign in. */
  disabledAt: number | null;
  /** When the person opened the verification link sent to their address; null until then. */
  emailVerifiedAt: number | null;
}

export interface InstanceCounts {
  users: number;
  boards: number;
  /** Rows in the update log, all boards together. */
  updates: number;
  /** The database's size on disk. */
  bytes: number;
}

/** What an emailed link does. */
export type EmailTokenPurpose = 'reset' | 'verify';

/** Links sent by email (password reset, address verification); `id` is the token's SHA-256. */
export interface EmailTokenStore {
  create(token: {
    id: string;
    userId: string;
    purpose: EmailTokenPurpose;
    expiresAt: number;
  }): Promise<void>;
  /**
   * Marks the reset used when it is unused and unexpired at `now`, in one statement (two
   * clicks on one link cannot both win), and returns its user id; null otherwise.
   */
  consume(id: string, purpose: EmailTokenPurpose, now?: number): Promise<string | null>;
}

/** Instance-wide settings and the users list of the admin page. */
export interface InstanceStore {
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
  /** Oldest first. */
  listUsers(): Promise<InstanceUser[]>;
  getUser(id: string): Promise<InstanceUser | null>;
  /** Returns false when there is no such user. */
  setAdmin(id: string, isAdmin: boolean): Promise<boolean>;
  /**
   * Disabling also ends every session of the user (and a disabled user's session is
   * never valid anyway); null enables. Returns false when there is no such user.
   */
  setDisabled(id: string, disabledAt: number | null): Promise<boolean>;
  /** Returns false when there is no such user. */
  markEmailVerified(id: string, at: number): Promise<boolean>;
  counts(): Promise<InstanceCounts>;
  /** Cheap, for "the first account becomes admin" and sign-up checks. */
  hasUsers(): Promise<boolean>;
}
