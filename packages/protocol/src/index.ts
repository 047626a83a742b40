export { CloseCode, describeCloseCode, isTerminalCloseCode } from './close-codes.ts';
export {
  MessageType,
  SyncStep,
  SYNC_PATH_PREFIX,
  BOARD_ID_PATTERN,
  boardIdFromPath,
} from './messages.ts';
export { Limits } from './limits.ts';
export { jitterReconnects, RECONNECT_BASE_MS, RECONNECT_MAX_MS } from './reconnect.ts';
export type { Jitter, JitterOptions, ReconnectingProvider } from './reconnect.ts';
