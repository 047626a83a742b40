import { NOTIFICATION_KINDS, type NotificationKind, type Storage } from '@journeyboard/storage';
import { KIND_LABELS } from './kinds.ts';

export interface NotificationSetting {
  kind: NotificationKind;
  label: string;
  enabled: boolean;
}

/** Every kind with whether this user gets it, for the account page. */
export async function notificationSettings(
  storage: Storage,
  userId: string,
): Promise<NotificationSetting[]> {
  const off = new Set(await storage.notifications.disabledKinds(userId));
  return NOTIFICATION_KINDS.map((kind) => ({
    kind,
    label: KIND_LABELS[kind],
    enabled: !off.has(kind),
  }));
}

/**
 * Saves the account form: the kinds checked are on, every other kind off. Returns an
 * error message when the form names a kind that does not exist (nothing is changed).
 */
export async function saveNotificationSettings(
  storage: Storage,
  userId: string,
  checked: readonly unknown[],
): Promise<string | null> {
  const known = new Set<string>(NOTIFICATION_KINDS);
  if (
    checked.length > NOTIFICATION_KINDS.length ||
    !checked.every((v) => typeof v === 'string' && known.has(v))
  ) {
    return 'These email settings are not ones Journeyboard knows; reload the page and try again.';
  }
  const on = new Set(checked);
  for (const kind of NOTIFICATION_KINDS) {
    await storage.notifications.setEnabled(userId, kind, on.has(kind));
  }
  return null;
}
