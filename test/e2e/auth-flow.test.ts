import { describe, expect, it } from 'vitest';
import { HttpClient, unique } from './auth-helpers.ts';
import { serverForFile } from './support/file-server.ts';

const PASSWORD = 'correct horse battery';

const files = serverForFile('auth');

const signIn = (client: HttpClient, email: string, password = PASSWORD) =>
  client.post('/signin', { email, password, redirectTo: '/' });

describe('sessions', () => {
  it('sets an HttpOnly, SameSite=Lax cookie, not Secure over plain http', async () => {
    const email = await new HttpClient(files.server.url).signUp('Cookie');
    const response = await signIn(new HttpClient(files.server.url), email);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('jb_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('signs in, back to a same-site redirectTo', async () => {
    const email = await new HttpClient(files.server.url).signUp('Back');
    const client = new HttpClient(files.server.url);
    const response = await client.post('/signin', {
      email,
      password: PASSWORD,
      redirectTo: '/account',
    });
    expect(response.headers.get('location')).toBe('/account');
    expect((await client.get('/account')).status).toBe(200);
  });

  it('sign-out deletes the session: the old cookie opens nothing', async () => {
    const client = new HttpClient(files.server.url);
    await client.signUp('Leaver');
    const cookie = client.cookie;
    expect((await client.post('/signout?/signout')).status).toBe(303);
    const replay = new HttpClient(files.server.url);
    replay.cookie = cookie;
    expect((await replay.get('/')).status).toBe(303);
  });

  it('"sign out everywhere" ends every session of the account', async () => {
    const first = new HttpClient(files.server.url);
    const email = await first.signUp('Everywhere');
    const second = new HttpClient(files.server.url);
    expect((await signIn(second, email)).status).toBe(303);
    expect((await second.post('/signout?/everywhere')).status).toBe(303);
    expect((await first.get('/')).status).toBe(303);
  });

  it('changing the password keeps this session and ends the others', async () => {
    const here = new HttpClient(files.server.url);
    const email = await here.signUp('Changer');
    const elsewhere = new HttpClient(files.server.url);
    await signIn(elsewhere, email);
    const changed = await here.post('/account?/password', {
      currentPassword: PASSWORD,
      newPassword: 'a whole new passphrase',
      confirmPassword: 'a whole new passphrase',
    });
    expect(changed.status).toBe(200);
    expect((await here.get('/account')).status).toBe(200);
    expect((await elsewhere.get('/')).status).toBe(303);
    expect(
      (await signIn(new HttpClient(files.server.url), email, 'a whole new passphrase')).status,
    ).toBe(303);
  });

  it('saves the display name and colour used on boards', async () => {
    const client = new HttpClient(files.server.url);
    await client.signUp('Painter');
    const saved = await client.post('/account?/profile', {
      displayName: 'Painter Renamed',
      colour: '#9b5de5',
      department: 'Support',
    });
    expect(saved.status).toBe(200);
    const board = await client.createBoard('Profile board');
    const data = await (await client.get(`/b/${board}/__data.json`)).text();
    expect(data).toContain('Painter Renamed');
    expect(data).toContain('#9b5de5');
  });
});

describe('sign-in errors and limits', () => {
  it('says the same for an unknown email and a wrong password', async () => {
    const email = await new HttpClient(files.server.url).signUp('Known');
    const wrong = await signIn(new HttpClient(files.server.url), email, 'not the password');
    const unknown = await signIn(
      new HttpClient(files.server.url),
      `nobody-${unique()}@example.com`,
    );
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const message = (html: string) => /role="alert">([^<]*)</.exec(html)?.[1];
    expect(message(await wrong.text())).toBe('Email or password is incorrect.');
    expect(message(await unknown.text())).toBe('Email or password is incorrect.');
  });

  it('refuses the 11th wrong password in the window, even with the right one', async () => {
    const email = await new HttpClient(files.server.url).signUp('Target');
    const attacker = new HttpClient(files.server.url);
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect((await signIn(attacker, email, `guess ${attempt}`)).status).toBe(400);
    }
    const refused = await signIn(attacker, email, 'guess 11');
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('Too many sign-in attempts');
    // The account is locked for the window, whoever asks: guessing gains nothing more.
    expect((await signIn(new HttpClient(files.server.url), email)).status).toBe(429);
  });
});
