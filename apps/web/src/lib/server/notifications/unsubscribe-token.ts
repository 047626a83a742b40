import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { NOTIFICATION_KINDS, type NotificationKind, type Storage } from '@journeyboard/storage';

const SECRET_SETTING = 'notification_link_secret';
/** Signs nothing but unsubscribing: a leaked link can turn one kind off, nothing more. */
const PURPOSE = 'unsubscribe';

/** The instance's signing key, made on first use and kept with the instance settings. */
export async function unsubscribeSecret(storage: Storage): Promise<string> {
  const existing = await storage.instance.getSetting(SECRET_SETTING);
  if (existing) return existing;
  await storage.instance.setSetting(SECRET_SETTING, randomBytes(32).toString('base64url'));
  // Re-read: when two processes raced, both go on with the one that was stored last.
  return (await storage.instance.getSetting(SECRET_SETTING)) ?? '';
}

function signature(secret: string, userId: string, kind: NotificationKind): Buffer {
  return createHmac('sha256', secret).update(`${PURPOSE}\n${userId}\n${kind}`).digest();
}

/** `<user id>.<kind>.<signature>`, all URL-safe; no expiry: old emails keep working. */
export function signUnsubscribe(secret: string, userId: string, kind: NotificationKind): string {
  const user = Buffer.from(userId).toString('base64url');
  return `${user}.${kind}.${signature(secret, userId, kind).toString('base64url')}`;
}

export interface UnsubscribeRequest {
  userId: string;
  kind: NotificationKind;
}

/** The user and kind a token names, or null when it is malformed or not ours. */
export function verifyUnsubscribe(secret: string, token: string): UnsubscribeRequest | null {
  if (token.length > 512) return null;
  const [user, kind, mac, ...rest] = token.split('.');
  if (!user || !kind || !mac || rest.length > 0) return null;
  if (!(NOTIFICATION_KINDS as readonly string[]).includes(kind)) return null;
  const userId = Buffer.from(user, 'base64url').toString();
  const expected = signature(secret, userId, kind as NotificationKind);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { userId, kind: kind as NotificationKind };
}
