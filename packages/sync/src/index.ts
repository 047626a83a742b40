export { createSyncServer, attach } from './server.ts';
export type { SyncServer, SyncStats } from './server.ts';
export { defaultWritePolicy } from './options.ts';
export type {
  AccessDecision,
  Authorize,
  RedisSettings,
  Role,
  SyncLimits,
  SyncServerOptions,
  WriteContext,
  WriteDecision,
  WritePolicy,
} from './options.ts';
export type { HealthReport } from './http.ts';
export type { FanoutStatus } from './fanout.ts';
export { isLoopbackHost } from './loopback.ts';
export { limitsFromEnv } from './env-limits.ts';
export { applyLog } from './load-log.ts';
export { BoardNotFoundError } from './board-docs.ts';
export type { BoardDocs } from './board-docs.ts';
export type { ApplyLogOptions, LogSink } from './load-log.ts';
export { checkUpdate } from './update-limits.ts';
export type { UpdateLimits, UpdateRule, UpdateVerdict } from './update-limits.ts';
export {
  allowedOriginsFromEnv,
  foreignHostRefusal,
  hostnameOf,
  originRefusal,
} from './request-checks.ts';
export { roleWritePolicy, onlyTouches } from './role-write-policy.ts';
export { DEFAULT_REVALIDATE_EVERY_MS } from './revalidate.ts';
export type { RevalidateFilter } from './revalidate.ts';
export { pathnameOf, refuseUpgrade } from './refuse.ts';
export { createSessionAuthorize } from './session-authorize.ts';
