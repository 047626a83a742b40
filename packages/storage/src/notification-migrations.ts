/**
 * Migration 7 for both dialects: notification emails. Settings hold only the kinds a
 * member turned off; the outbox keeps each event once (its id names the event and the
 * recipient) so a rescan never emails twice, and `sent_at` gives the batching window.
 */
function notificationSql(time: string, flag: string): string {
  return `
CREATE TABLE notification_settings (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  enabled ${flag} NOT NULL,
  PRIMARY KEY (user_id, kind)
);

CREATE TABLE notification_outbox (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at ${time} NOT NULL,
  sent_at ${time}
);
CREATE INDEX notification_outbox_pending ON notification_outbox (created_at) WHERE sent_at IS NULL;
CREATE INDEX notification_outbox_user_sent ON notification_outbox (user_id, sent_at);
`;
}

export const SQLITE_NOTIFICATION_MIGRATION = {
  version: 8,
  name: 'notification settings and outbox',
  sql: notificationSql('INTEGER', 'INTEGER'),
};

export const POSTGRES_NOTIFICATION_MIGRATION = {
  version: 8,
  name: 'notification settings and outbox',
  sql: notificationSql('BIGINT', 'BOOLEAN'),
};
