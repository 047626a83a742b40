import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, unique } from './auth-helpers.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

// Attacks on accounts against one production server that sits behind a proxy, as in the
// compose file, so that each client can come from its own address (X-Forwarded-For).
let dataDir: string;
let server: WebServer;
const PASSWORD = 'correct horse battery';
const SIGN_UPS_PER_ADDRESS = 3;
const BOARDS_PER_ACCOUNT = 3;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-accounts-'));
  server = await startWebServer({
    dataDir,
    env: {
      ADDRESS_HEADER: 'X-Forwarded-For',
      XFF_DEPTH: '1',
      JOURNEYBOARD_SIGNUPS_PER_IP_PER_HOUR: String(SIGN_UPS_PER_ADDRESS),
      JOURNEYBOARD_BOARDS_PER_ACCOUNT_PER_HOUR: String(BOARDS_PER_ACCOUNT),
    },
  });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

let addresses = 0;
/** A client from an address no other test uses, so that per-address limits stay apart. */
function freshClient(): HttpClient {
  addresses++;
  return new HttpClient(server.url, { address: `198.51.${addresses >> 8}.${addresses & 255}` });
}

const signUpForm = (email: string, password = PASSWORD, displayName = 'Someone') => ({
  displayName,
  email,
  password,
  redirectTo: '/b/abc',
});

const signIn = (client: HttpClient, email: string, password = PASSWORD, redirectTo = '/') =>
  client.post('/signin', { email, password, redirectTo });

const alertOf = async (response: Response) =>
  /role="alert">([^<]*)</.exec(await response.text())?.[1];

describe('sign-up does not tell which addresses have accounts', () => {
  it('answers a taken address exactly like a new one, and signs neither in', async () => {
    const email = await freshClient().signUp('Owner');
    const taken = await freshClient().post('/signup', signUpForm(email.toUpperCase()));
    const fresh = await freshClient().post('/signup', signUpForm(`new-${unique()}@example.com`));
    for (const response of [taken, fresh]) {
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/signin?registered=1&redirectTo=%2Fb%2Fabc');
      expect(response.headers.getSetCookie()).toEqual([]);
    }
  });

  it('leaves the owner of a taken address untouched', async () => {
    const email = await freshClient().signUp('Owner');
    await freshClient().post('/signup', signUpForm(email, 'the attacker’s passphrase'));
    expect((await signIn(freshClient(), email)).status).toBe(303);
    expect((await signIn(freshClient(), email, 'the attacker’s passphrase')).status).toBe(400);
  });
});

describe('passwords', () => {
  it.each(['password', '12345678', 'Password1'])('refuses the common password %s', async (pw) => {
    const response = await freshClient().post('/signup', signUpForm(`c-${unique()}@x.test`, pw));
    expect(response.status).toBe(400);
    expect(await alertOf(response)).toMatch(/most common/);
  });
});

describe('sign-in lockout', () => {
  it('locks a guessing stranger out, not the owner at their own address', async () => {
    const owner = freshClient();
    const email = await owner.signUp('Target');
    const stranger = freshClient();
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect((await signIn(stranger, email, `guess ${attempt}`)).status).toBe(400);
    }
    expect((await signIn(stranger, email, PASSWORD)).status).toBe(429);
    expect(
      (await signIn(new HttpClient(server.url, { address: owner.address }), email)).status,
    ).toBe(303);
  });
});

describe('emails are compared the Unicode way', () => {
  it('signs in an address with a non-ASCII capital, in any case', async () => {
    const email = `Ärger-${unique()}@Example.com`;
    await freshClient().post('/signup', signUpForm(email));
    expect((await signIn(freshClient(), email)).status).toBe(303);
    expect((await signIn(freshClient(), email.toLowerCase())).status).toBe(303);
  });

  it('does not create a second account for the other case of that capital', async () => {
    const email = `Émile-${unique()}@example.com`;
    await freshClient().post('/signup', signUpForm(email));
    await freshClient().post('/signup', signUpForm(email.toLowerCase(), 'a second passphrase'));
    expect((await signIn(freshClient(), email.toLowerCase(), 'a second passphrase')).status).toBe(
      400,
    );
    expect((await signIn(freshClient(), email.toLowerCase())).status).toBe(303);
  });
});

describe('redirectTo', () => {
  it.each(['/.//evil.example', '/./\t/evil.example', '/a/..//evil.example'])(
    'never sends the browser off-site for %j',
    async (redirectTo) => {
      const client = freshClient();
      const email = await client.signUp('Redirect');
      const response = await signIn(freshClient(), email, PASSWORD, redirectTo);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/');
      const page = await client.get(`/signin?redirectTo=${encodeURIComponent(redirectTo)}`);
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toBe('/');
    },
  );
});

describe('limits', () => {
  it(`refuses sign-up ${SIGN_UPS_PER_ADDRESS + 1} from one address, with a clear reason`, async () => {
    const client = freshClient();
    for (let i = 0; i < SIGN_UPS_PER_ADDRESS; i++) {
      expect((await client.post('/signup', signUpForm(`s-${unique()}@x.test`))).status).toBe(303);
    }
    const refused = await client.post('/signup', signUpForm(`s-${unique()}@x.test`));
    expect(refused.status).toBe(429);
    expect(await alertOf(refused)).toBe('Too many sign-ups from this address. Try again later.');
    const elsewhere = await freshClient().post('/signup', signUpForm(`s-${unique()}@x.test`));
    expect(elsewhere.status).toBe(303);
  });

  it(`refuses board ${BOARDS_PER_ACCOUNT + 1} of one account within the hour`, async () => {
    const client = freshClient();
    await client.signUp('Maker');
    for (let i = 0; i < BOARDS_PER_ACCOUNT; i++) await client.createBoard(`Board ${i}`);
    const refused = await client.post('/?/create', { title: 'One too many', template: 'blank' });
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('You have created many boards in a short time.');
    // Importing a board file is creating a board too.
    const file = new FormData();
    file.append('file', new Blob(['{}'], { type: 'application/json' }), 'board.json');
    const imported = await fetch(`${server.url}/?/import`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        accept: 'text/html',
        origin: server.url,
        cookie: client.cookie,
        'x-forwarded-for': client.address ?? '',
      },
      body: file,
    });
    expect(imported.status).toBe(429);
    expect(await imported.text()).toContain('You have created many boards in a short time.');
    const other = freshClient();
    await other.signUp('Other');
    await expect(other.createBoard('Unaffected')).resolves.toMatch(/^[A-Za-z0-9_-]{16}$/);
  });
});
