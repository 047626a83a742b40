import type { NotificationKind, Storage } from '@journeyboard/storage';
import { unsubscribeSecret, verifyUnsubscribe } from './unsubscribe-token.ts';

export type UnsubscribeOutcome =
  { ok: true; kind: NotificationKind; email: string } | { ok: false; reason: string };

/** Turns one kind off (or back on) for the user an emailed link names; no sign-in needed. */
export async function applyUnsubscribe(
  storage: Storage,
  token: string,
  enabled = false,
): Promise<UnsubscribeOutcome> {
  const request = verifyUnsubscribe(await unsubscribeSecret(storage), token);
  if (!request) {
    return {
      ok: false,
      reason:
        'This unsubscribe link is not valid. Copy the whole link from the email, or change your email settings on your account page.',
    };
  }
  const user = await storage.users.get(request.userId);
  if (!user) return { ok: false, reason: 'The account this link was sent to no longer exists.' };
  await storage.notifications.setEnabled(user.id, request.kind, enabled);
  return { ok: true, kind: request.kind, email: user.email };
}
