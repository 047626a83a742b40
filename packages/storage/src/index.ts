export type {
  BoardStore,
  BoardSummary,
  LoggedUpdate,
  NewBoard,
  Storage,
  UpdateLog,
  BoardRole,
  User,
  NewUser,
  UserProfilePatch,
  UserStore,
  SessionRecord,
  NewSession,
  SessionStore,
  BoardMember,
  BoardForUser,
  MemberStore,
  Invite,
  NewInvite,
  InviteStore,
} from './types.ts';
export {
  BoardExistsError,
  BoardNotFoundError,
  CompactRangeError,
  EmailTakenError,
  isEmailTakenError,
} from './errors.ts';
export type {
  BallotStore,
  Ballot,
  CastVote,
  NewVoteSession,
  VoteMode,
  VotePrivacy,
  VoteRow,
  VoteSession,
  VoteStatus,
} from './ballot-types.ts';
export {
  BallotError,
  isBallotError,
  MIN_VOTERS_RANGE,
  type BallotErrorCode,
} from './ballot-errors.ts';
export type {
  InstanceCounts,
  InstanceStore,
  InstanceUser,
  EmailTokenPurpose,
  EmailTokenStore,
} from './instance-types.ts';
export {
  NOTIFICATION_KINDS,
  type NotificationKind,
  type NotificationStore,
  type OutboxItem,
} from './notification-types.ts';
export {
  INBOX_KINDS,
  type InboxEntry,
  type InboxItem,
  type InboxKind,
  type InboxStore,
} from './inbox-types.ts';
export { SchemaTooNewError, type Migration, type RowRewrite } from './migration.ts';
export { emailKey } from './email-key.ts';
export type { SsoIdentity, SsoIdentityStore } from './identity-types.ts';
export { SNAPSHOT_KINDS } from './history-types.ts';
export type {
  AttributedUpdate,
  BoardTemplate,
  NewBoardTemplate,
  NewSnapshot,
  SnapshotKind,
  SnapshotStore,
  SnapshotSummary,
  TemplateStore,
} from './history-types.ts';
export { createSqliteStorage, type SqliteStorageOptions } from './sqlite-storage.ts';
export { createPostgresStorage, type PostgresStorageOptions } from './postgres-storage.ts';
export {
  openStorage,
  isPostgresUrl,
  SQLITE_FILE_NAME,
  type OpenStorageOptions,
} from './open-storage.ts';
export {
  BackupError,
  backupDatabase,
  defaultBackupName,
  restoreDatabase,
  type BackupResult,
  type BackupSource,
} from './backup.ts';
export { redactDatabaseUrl } from './admin-query.ts';
