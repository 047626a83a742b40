import { fail } from '@sveltejs/kit';
import { AuthError, SIGNUP_MODES, readSignUpPolicy, saveSignUpPolicy } from '@journeyboard/auth';
import { changeAdmin, changeDisabled } from '#lib/server/admin-users.ts';
import { field } from '#lib/server/form.ts';
import {
  adminEmailsFromEnv,
  adminReason,
  requireInstanceAdmin,
} from '#lib/server/instance-admin.ts';
import { getMailer } from '#lib/server/mail/mailer.ts';
import { sendPasswordReset } from '#lib/server/password-reset-mail.ts';
import { testEmail } from '#lib/server/mail/templates.ts';
import { getStorage } from '#lib/server/storage.ts';
import { getSsoConfig } from '#lib/server/sso/config.ts';
import { revalidateSockets } from '#lib/server/sync-handle.ts';
import { version } from '../../../package.json';
import type { Actions, PageServerLoad } from './$types';

/** SSO-only would let nobody new in without a provider to sign in through. */
const ssoAvailable = () => getSsoConfig().providers.length > 0;

export const load: PageServerLoad = async (event) => {
  const me = await requireInstanceAdmin(event);
  const storage = getStorage();
  const envAdmins = adminEmailsFromEnv();
  const [users, policy, counts] = await Promise.all([
    storage.instance.listUsers(),
    readSignUpPolicy(storage),
    storage.instance.counts(),
  ]);
  const mailer = getMailer();
  return {
    me: me.id,
    users: users.map((user) => ({
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      colour: user.colour,
      createdAt: user.createdAt,
      disabled: user.disabledAt !== null,
      verified: user.emailVerifiedAt !== null,
      admin: adminReason(user, envAdmins),
    })),
    policy,
    modes: SIGNUP_MODES,
    ssoAvailable: ssoAvailable(),
    counts,
    storageKind: storage.kind,
    mail: { configured: mailer.configured, server: mailer.server, from: mailer.from },
    version,
  };
};

export const actions: Actions = {
  signup: async (event) => {
    await requireInstanceAdmin(event);
    const data = await event.request.formData();
    try {
      await saveSignUpPolicy(getStorage(), {
        mode: field(data, 'mode'),
        allowedDomains: field(data, 'allowedDomains'),
        ssoAvailable: ssoAvailable(),
      });
    } catch (error) {
      if (error instanceof AuthError) return fail(400, { signup: { message: error.message } });
      throw error;
    }
    return { signup: { saved: true } };
  },
  admin: async (event) => {
    const me = await requireInstanceAdmin(event);
    const data = await event.request.formData();
    const result = await changeAdmin(getStorage(), {
      actorId: me.id,
      userId: field(data, 'userId'),
      makeAdmin: field(data, 'admin') === 'true',
    });
    return result.ok ? { users: result } : fail(400, { users: result });
  },
  disable: async (event) => {
    const me = await requireInstanceAdmin(event);
    const data = await event.request.formData();
    const result = await changeDisabled(getStorage(), {
      actorId: me.id,
      userId: field(data, 'userId'),
      disable: field(data, 'disable') === 'true',
    });
    if (!result.ok) return fail(400, { users: result });
    // Their sessions are gone: their open boards close now, not at the next periodic check.
    await revalidateSockets({});
    return { users: result };
  },
  sendReset: async (event) => {
    await requireInstanceAdmin(event);
    const user = await getStorage().instance.getUser(
      field(await event.request.formData(), 'userId'),
    );
    if (!user) return fail(400, { users: { ok: false, message: 'There is no such account.' } });
    if (user.disabledAt !== null) {
      return fail(400, {
        users: { ok: false, message: 'Enable the account before sending it a reset link.' },
      });
    }
    try {
      const result = await sendPasswordReset(getStorage(), getMailer(), {
        email: user.email,
        origin: event.url.origin,
      });
      const message = result?.delivered
        ? `A reset link was emailed to ${user.email}.`
        : `No SMTP server is configured: the reset link for ${user.email} is in the server log.`;
      return { users: { ok: true, message } };
    } catch (error) {
      console.error('[web] reset email failed', error);
      const reason = error instanceof Error ? error.message : String(error);
      return fail(502, { users: { ok: false, message: `The SMTP server refused: ${reason}` } });
    }
  },
  testEmail: async (event) => {
    const me = await requireInstanceAdmin(event);
    const mailer = getMailer();
    const message = testEmail({
      to: me.email,
      instanceUrl: event.url.origin,
      sentBy: me.displayName,
    });
    try {
      const result = await mailer.send(message);
      return {
        mail: {
          ok: true,
          message: result.delivered
            ? `Test email sent to ${me.email}.`
            : `No SMTP server is configured: the server log shows the email to ${me.email} instead.`,
        },
      };
    } catch (error) {
      console.error('[web] test email failed', error);
      const reason = error instanceof Error ? error.message : String(error);
      return fail(502, { mail: { ok: false, message: `The SMTP server refused: ${reason}` } });
    }
  },
};
