import type { Storage } from '@journeyboard/storage';
import { adminReason } from './instance-admin.ts';

export type AdminChange = { ok: true; message: string } | { ok: false; message: string };

const UNKNOWN_USER: AdminChange = { ok: false, message: 'There is no such account.' };

/**
 * Grants or takes back the admin flag. The first account and the environment's admins
 * stay admins whatever the flag says, so the page refuses to pretend otherwise; nobody
 * takes their own admin away (that is how an instance loses its last admin).
 */
export async function changeAdmin(
  storage: Storage,
  input: { actorId: string; userId: string; makeAdmin: boolean },
): Promise<AdminChange> {
  const user = await storage.instance.getUser(input.userId);
  if (!user) return UNKNOWN_USER;
  const reason = adminReason(user);
  if (!input.makeAdmin && (reason === 'first-account' || reason === 'environment')) {
    return {
      ok: false,
      message:
        reason === 'first-account'
          ? 'The first account is always an administrator.'
          : `${user.email} is named in JOURNEYBOARD_ADMIN_EMAILS; change it there.`,
    };
  }
  if (!input.makeAdmin && user.id === input.actorId) {
    return { ok: false, message: 'Ask another administrator to take your admin role away.' };
  }
  await storage.instance.setAdmin(user.id, input.makeAdmin);
  return {
    ok: true,
    message: input.makeAdmin
      ? `${user.displayName} is now an administrator.`
      : `${user.displayName} is no longer an administrator.`,
  };
}

/** Disables (signing the person out everywhere) or enables an account; never your own. */
export async function changeDisabled(
  storage: Storage,
  input: { actorId: string; userId: string; disable: boolean; now?: number },
): Promise<AdminChange> {
  const user = await storage.instance.getUser(input.userId);
  if (!user) return UNKNOWN_USER;
  if (input.disable && user.id === input.actorId) {
    return { ok: false, message: 'You cannot disable your own account.' };
  }
  await storage.instance.setDisabled(user.id, input.disable ? (input.now ?? Date.now()) : null);
  return {
    ok: true,
    message: input.disable
      ? `${user.displayName} is disabled and signed out everywhere.`
      : `${user.displayName} can sign in again.`,
  };
}
