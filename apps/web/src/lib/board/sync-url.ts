import { SYNC_PATH_PREFIX } from '@journeyboard/protocol';

/** Where the sync server listens: the same host and port that served the page. */
export function syncServerUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${SYNC_PATH_PREFIX.replace(/\/$/, '')}`;
}
