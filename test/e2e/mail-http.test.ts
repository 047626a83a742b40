import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
// reason: the one SMTP test server, shared with the web app's own mailer tests.
import {
  startTestSmtpServer,
  type TestSmtpServer,
} from '../../apps/web/src/lib/server/mail/test-smtp-server.ts';
import { HttpClient } from './auth-helpers.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

let dataDir: string;
let smtp: TestSmtpServer;
let server: WebServer;
let admin: HttpClient;
let adminEmail: string;

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a brand new passphrase';

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-mail-'));
  smtp = await startTestSmtpServer();
  server = await startWebServer({
    dataDir,
    env: {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Journeyboard <boards@example.com>',
      // Every test signs up from 127.0.0.1; the taken-address test alone tries five times.
      JOURNEYBOARD_SIGNUPS_PER_IP_PER_HOUR: '50',
    },
  });
  admin = new HttpClient(server.url);
  adminEmail = await admin.signUp('Admin');
});

afterAll(async () => {
  await server?.stop();
  await smtp?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const RESET_SUBJECT = 'Reset your Journeyboard password';

/** The mails to `to` received so far; the action answers only after SMTP accepted them. */
function mailsTo(to: string, subject?: string) {
  return smtp.received.filter(
    (mail) =>
      mail.to &&
      !Array.isArray(mail.to) &&
      mail.to.text === to &&
      (subject === undefined || mail.subject === subject),
  );
}

function resetLinkIn(text: string | undefined): string {
  const match = /(http:\/\/localhost:\d+\/reset\/[a-z2-7]{32})/.exec(text ?? '');
  if (!match?.[1]) throw new Error(`no reset link in:\n${text}`);
  return match[1];
}

it('the reset email arrives, its link sets a new password once, and signs out everywhere', async () => {
  const ada = new HttpClient(server.url);
  const email = await ada.signUp('Ada');
  const oldCookie = ada.cookie;
  const stranger = new HttpClient(server.url);

  const unknown = await stranger.post('/forgot', { email: 'nobody@example.com' });
  const known = await stranger.post('/forgot', { email: email.toUpperCase() });
  // The same answer whether or not the account exists.
  expect(unknown.status).toBe(200);
  expect(known.status).toBe(200);
  expect(await unknown.text()).toContain('a reset link is on its way');
  expect(mailsTo('nobody@example.com')).toHaveLength(0);

  const [mail] = mailsTo(email, RESET_SUBJECT);
  expect(mail).toBeDefined();
  expect(mail?.from?.text).toContain('boards@example.com');
  const link = resetLinkIn(mail?.text);
  expect(mail?.html).toContain(`href="${link}"`);
  const resetPath = new URL(link).pathname;

  const mismatch = await stranger.post(resetPath, {
    newPassword: NEW_PASSWORD,
    confirmPassword: 'something else entirely',
  });
  expect(mismatch.status).toBe(400);
  const done = await stranger.post(resetPath, {
    newPassword: NEW_PASSWORD,
    confirmPassword: NEW_PASSWORD,
  });
  expect(done.status).toBe(303);
  expect(done.headers.get('location')).toBe('/signin?reset=1');

  ada.cookie = oldCookie;
  expect((await ada.get('/')).status).toBe(303);
  const oldPassword = await ada.post('/signin', { email, password: PASSWORD, redirectTo: '/' });
  expect(oldPassword.status).toBe(400);
  const newPassword = await ada.post('/signin', { email, password: NEW_PASSWORD, redirectTo: '/' });
  expect(newPassword.status).toBe(303);

  const again = await stranger.post(resetPath, {
    newPassword: 'a third passphrase here',
    confirmPassword: 'a third passphrase here',
  });
  expect(again.status).toBe(400);
  expect(await again.text()).toContain('already used');
});

it('an admin sends someone a reset link from the admin page', async () => {
  const bo = new HttpClient(server.url);
  const email = await bo.signUp('Bo');
  const page = await (await admin.get('/admin')).text();
  const userId = /name="userId" value="([^"]+)"/.exec(page.slice(page.indexOf(email)))?.[1];
  const response = await admin.post('/admin?/sendReset', { userId: userId ?? '' });
  expect(response.status).toBe(200);
  expect(await response.text()).toContain(`A reset link was emailed to ${email}`);
  const link = resetLinkIn(mailsTo(email, RESET_SUBJECT)[0]?.text);
  const done = await bo.post(new URL(link).pathname, {
    newPassword: NEW_PASSWORD,
    confirmPassword: NEW_PASSWORD,
  });
  expect(done.status).toBe(303);
});

it('the admin test email arrives with both bodies', async () => {
  const response = await admin.post('/admin?/testEmail');
  expect(response.status).toBe(200);
  expect(await response.text()).toContain(`Test email sent to ${adminEmail}`);
  const [mail] = mailsTo(adminEmail, 'Journeyboard test email');
  expect(mail).toBeDefined();
  expect(mail?.text).toContain(`Open Journeyboard: ${server.url}`);
  expect(mail?.html).toContain(`href="${server.url}"`);
});

it('an invite by email arrives, and its link lets a newcomer into an invite-only instance once', async () => {
  const boardId = await admin.createBoard('Onboarding journey');
  expect(
    (await admin.post('/admin?/signup', { mode: 'invite-only', allowedDomains: '' })).status,
  ).toBe(200);
  try {
    const bad = await admin.post(`/b/${boardId}/members?/inviteEmail`, {
      email: 'not an email',
      role: 'editor',
    });
    expect(bad.status).toBe(400);
    const newcomer = 'newcomer@example.com';
    const sent = await admin.post(`/b/${boardId}/members?/inviteEmail`, {
      email: newcomer,
      role: 'editor',
    });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain(`Invite emailed to ${newcomer}`);
    const [mail] = mailsTo(newcomer, 'Admin invited you to "Onboarding journey" on Journeyboard');
    expect(mail).toBeDefined();
    expect(mail?.subject).toBe('Admin invited you to "Onboarding journey" on Journeyboard');
    const link = /(http:\/\/localhost:\d+\/invite\/[a-z2-7]{32})/.exec(mail?.text ?? '')?.[1] ?? '';
    expect(mail?.html).toContain(`href="${link}"`);
    const invitePath = new URL(link).pathname;

    const guest = new HttpClient(server.url);
    const signUp = await guest.post('/signup', {
      displayName: 'Newcomer',
      email: newcomer,
      password: PASSWORD,
      redirectTo: invitePath,
    });
    expect(signUp.status).toBe(303);
    // Sign-up opens no session: the newcomer signs in next.
    const signedIn = await guest.post('/signin', {
      email: newcomer,
      password: PASSWORD,
      redirectTo: invitePath,
    });
    expect(signedIn.status).toBe(303);
    expect((await guest.post(invitePath)).status).toBe(303);
    expect((await guest.get(`/b/${boardId}`)).status).toBe(200);

    // Single use: someone who got the email forwarded cannot sign up with it any more.
    const forwarded = await new HttpClient(server.url).post('/signup', {
      displayName: 'Forwarded',
      email: 'forwarded@example.com',
      password: PASSWORD,
      redirectTo: invitePath,
    });
    expect(forwarded.status).toBe(400);
  } finally {
    await admin.post('/admin?/signup', { mode: 'open', allowedDomains: '' });
  }
});

it('a stranger cannot flood one inbox with reset links', async () => {
  const carol = new HttpClient(server.url);
  const email = await carol.signUp('Carol');
  for (let i = 0; i < 7; i++) {
    const response = await new HttpClient(server.url).post('/forgot', { email });
    expect(response.status).toBe(200);
  }
  expect(mailsTo(email, RESET_SUBJECT)).toHaveLength(5);
});

it('a new account gets a verification email whose link confirms the address once', async () => {
  const dee = new HttpClient(server.url);
  const email = await dee.signUp('Dee');
  const adminPage = async () => {
    const page = await (await admin.get('/admin')).text();
    return page.slice(page.indexOf(email), page.indexOf(email) + 600);
  };
  expect(await adminPage()).toContain('Email unconfirmed');
  // Sent after the answer (its delay must not tell a new address from a taken one).
  const mail = await vi.waitFor(() => {
    const [sent] = mailsTo(email, 'Confirm your email address for Journeyboard');
    if (!sent) throw new Error('no confirmation email yet');
    return sent;
  });
  const link = /(http:\/\/localhost:\d+\/verify\/[a-z2-7]{32})/.exec(mail?.text ?? '')?.[1] ?? '';
  expect(mail?.html).toContain(`href="${link}"`);
  const verifyPath = new URL(link).pathname;
  const first = await new HttpClient(server.url).get(verifyPath);
  expect(first.status).toBe(200);
  expect(await first.text()).toContain('Your email address is confirmed');
  expect(await adminPage()).not.toContain('Email unconfirmed');
  const again = await new HttpClient(server.url).get(verifyPath);
  expect(await again.text()).toContain('expired or was already used');
});

it("the Share dialog's invite by email is emailed with the same link it shows", async () => {
  const boardId = await admin.createBoard('Shared by email');
  const response = await fetch(`${server.url}/b/${boardId}/share`, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      origin: server.url,
      cookie: admin.cookie,
    },
    body: JSON.stringify({ email: 'shared@example.com', role: 'commenter' }),
  });
  expect(response.status).toBe(201);
  const created = (await response.json()) as { link: string; emailSent: boolean };
  expect(created.emailSent).toBe(true);
  const [mail] = mailsTo(
    'shared@example.com',
    'Admin invited you to "Shared by email" on Journeyboard',
  );
  expect(mail?.text).toContain(created.link);
  expect(mail?.text).toContain('as a commenter');
});

const TAKEN_SUBJECT = 'Someone tried to create a Journeyboard account with your address';

it('signing up with a taken address answers as for a new one and emails the owner, a few times a day', async () => {
  const eve = new HttpClient(server.url);
  const email = await eve.signUp('Eve');
  const signUpAgain = (address: string) =>
    new HttpClient(server.url).post('/signup', {
      displayName: 'Mallory',
      email: address,
      password: 'another long passphrase',
      redirectTo: '/',
    });
  const fresh = await signUpAgain(`fresh-${Date.now()}@example.com`);
  const taken = await signUpAgain(email.toUpperCase());
  // The same answer: the form cannot tell who has an account.
  expect(taken.status).toBe(fresh.status);
  expect(taken.headers.get('location')).toBe(fresh.headers.get('location'));
  expect(taken.headers.getSetCookie()).toEqual([]);

  // Sent after the answer, to the owner as they spelt their address.
  const [notice] = await vi.waitFor(() => {
    const sent = mailsTo(email, TAKEN_SUBJECT);
    if (sent.length === 0) throw new Error('no notice yet');
    return sent;
  });
  expect(notice?.text).toContain(`Sign in: ${server.url}/signin`);
  expect(notice?.text).toContain(`${server.url}/forgot`);

  for (let i = 0; i < 3; i++) expect((await signUpAgain(email)).status).toBe(303);
  // Three a day: the fourth attempt and later ones send nothing.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(mailsTo(email, TAKEN_SUBJECT)).toHaveLength(3);
  expect(mailsTo(email.toUpperCase(), TAKEN_SUBJECT)).toHaveLength(0);
});
