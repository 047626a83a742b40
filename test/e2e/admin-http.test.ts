import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, unique } from './auth-helpers.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

// One production server for the file: its first account is the instance's admin.
let dataDir: string;
let server: WebServer;
let admin: HttpClient;

const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-admin-'));
  server = await startWebServer({ dataDir, env: { SMTP_URL: '', MAIL_FROM: '' } });
  admin = new HttpClient(server.url);
  await admin.signUp('Admin');
});

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function setSignUpMode(mode: string, allowedDomains = ''): Promise<Response> {
  return admin.post('/admin?/signup', { mode, allowedDomains });
}

function signUpForm(email: string, redirectTo = '/') {
  return { displayName: 'Newcomer', email, password: PASSWORD, redirectTo };
}

describe('the admin page', () => {
  it('opens for the first account and is refused to everyone else', async () => {
    expect((await admin.get('/admin')).status).toBe(200);
    const member = new HttpClient(server.url);
    await member.signUp('Member');
    expect((await member.get('/admin')).status).toBe(403);
    expect((await member.post('/admin?/signup', { mode: 'open' })).status).toBe(403);
    expect((await new HttpClient(server.url).get('/admin')).status).toBe(303);
  });

  it('refuses a malformed domain list with a reason and keeps the saved mode', async () => {
    await setSignUpMode('open');
    const response = await setSignUpMode('domains', 'example.org, <script>');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('is not a domain');
    const stranger = new HttpClient(server.url);
    expect((await stranger.post('/signup', signUpForm(`s-${unique()}@x.test`))).status).toBe(303);
  });
});

describe('sign-up modes', () => {
  it('an invite-only instance refuses anyone without an invite, with the reason', async () => {
    expect((await setSignUpMode('invite-only')).status).toBe(200);
    const email = `stranger-${unique()}@example.com`;
    const stranger = new HttpClient(server.url);
    const response = await stranger.post('/signup', signUpForm(email));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('invite-only');
    expect(stranger.cookie).toBe('');
    // No account was made behind the refusal.
    const signIn = await stranger.post('/signin', { email, password: PASSWORD, redirectTo: '/' });
    expect(signIn.status).toBe(400);
    await setSignUpMode('open');
  });

  it('an invite-only instance lets in someone arriving through an invite link', async () => {
    const boardId = await admin.createBoard('Invite-only board');
    const token = await admin.invite(boardId, 'editor');
    expect((await setSignUpMode('invite-only')).status).toBe(200);
    const guest = new HttpClient(server.url);
    const email = `guest-${unique()}@example.com`;
    const response = await guest.post('/signup', signUpForm(email, `/invite/${token}`));
    expect(response.status).toBe(303);
    // Sign-up opens no session (it answers taken addresses alike): sign in, back to the invite.
    expect(response.headers.get('location')).toBe(
      `/signin?registered=1&redirectTo=${encodeURIComponent(`/invite/${token}`)}`,
    );
    const signedIn = await guest.post('/signin', {
      email,
      password: PASSWORD,
      redirectTo: `/invite/${token}`,
    });
    expect(signedIn.headers.get('location')).toBe(`/invite/${token}`);
    expect((await guest.post(`/invite/${token}`)).status).toBe(303);
    expect((await guest.get(`/b/${boardId}`)).status).toBe(200);
    await setSignUpMode('open');
  });

  it('allowed domains let in those addresses only', async () => {
    expect((await setSignUpMode('domains', 'team.example')).status).toBe(200);
    const inside = new HttpClient(server.url);
    expect((await inside.post('/signup', signUpForm(`in-${unique()}@Team.Example`))).status).toBe(
      303,
    );
    const outside = await new HttpClient(server.url).post(
      '/signup',
      signUpForm(`out-${unique()}@elsewhere.example`),
    );
    expect(outside.status).toBe(400);
    expect(await outside.text()).toContain('team.example');
    await setSignUpMode('open');
  });

  it('SSO-only cannot be chosen while no provider is configured', async () => {
    const response = await setSignUpMode('sso-only');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('single sign-on provider');
  });
});

describe('accounts', () => {
  async function userIdOf(email: string): Promise<string> {
    const page = await (await admin.get('/admin')).text();
    // The users list posts the id beside each person's email.
    const row = page.slice(page.indexOf(email));
    const match = /name="userId" value="([^"]+)"/.exec(row);
    if (!match?.[1]) throw new Error(`${email} is not on the admin page`);
    return match[1];
  }

  it('disabling someone signs them out at once and keeps them out, with the reason', async () => {
    const member = new HttpClient(server.url);
    const email = await member.signUp('Disabled');
    const memberCookie = member.cookie;
    expect((await member.get('/')).status).toBe(200);
    const userId = await userIdOf(email);
    expect((await admin.post('/admin?/disable', { userId, disable: 'true' })).status).toBe(200);
    member.cookie = memberCookie;
    expect((await member.get('/')).status).toBe(303);
    const again = await member.post('/signin', { email, password: PASSWORD, redirectTo: '/' });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('disabled');
    expect((await admin.post('/admin?/disable', { userId, disable: 'false' })).status).toBe(200);
    const back = await member.post('/signin', { email, password: PASSWORD, redirectTo: '/' });
    expect(back.status).toBe(303);
  });

  it('someone made admin can open the admin page, and loses it when taken back', async () => {
    const member = new HttpClient(server.url);
    const email = await member.signUp('Deputy');
    const userId = await userIdOf(email);
    await admin.post('/admin?/admin', { userId, admin: 'true' });
    expect((await member.get('/admin')).status).toBe(200);
    await admin.post('/admin?/admin', { userId, admin: 'false' });
    expect((await member.get('/admin')).status).toBe(403);
  });

  it('an admin cannot disable themselves', async () => {
    const page = await (await admin.get('/admin')).text();
    const me = /"me":"([^"]+)"|me:"([^"]+)"/.exec(page);
    const myId = me?.[1] ?? me?.[2];
    expect(myId).toBeTruthy();
    const response = await admin.post('/admin?/disable', { userId: myId ?? '', disable: 'true' });
    expect(response.status).toBe(400);
    expect((await admin.get('/admin')).status).toBe(200);
  });
});

it('without SMTP, the test email says the log has it, and the log names the recipient', async () => {
  const response = await admin.post('/admin?/testEmail');
  expect(response.status).toBe(200);
  expect(await response.text()).toContain('No SMTP server is configured');
  expect(server.output()).toMatch(/\[mail\] not sent \(no SMTP_URL\): to admin-.*@example\.com/);
});
