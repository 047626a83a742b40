import { describe, expect, it } from 'vitest';
import { HttpClient } from './auth-helpers.ts';
import { serverForFile } from './support/file-server.ts';

// One production server for the file; each test signs up its own people.

const files = serverForFile('access');

/** Alice owns board A, Bob owns board B; neither is a member of the other's. */
async function twoOwners() {
  const alice = new HttpClient(files.server.url);
  const bob = new HttpClient(files.server.url);
  await alice.signUp('Alice');
  await bob.signUp('Bob');
  const boardA = await alice.createBoard('Alice onboarding');
  const boardB = await bob.createBoard('Bob secret pricing');
  return { alice, bob, boardA, boardB };
}

/** A facilitation request as the board's Votes panel sends it: JSON, same origin. */
function facilitate(client: HttpClient, boardId: string, body: Record<string, unknown>) {
  return fetch(`${files.server.url}/b/${boardId}/facilitation`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      origin: files.server.url,
      cookie: client.cookie,
    },
    body: JSON.stringify(body),
  });
}

describe('signed out', () => {
  const pages = [
    '/',
    '/account',
    '/signout',
    '/b/AAAAAAAAAAAAAAAA',
    '/b/AAAAAAAAAAAAAAAA/members',
    '/b/AAAAAAAAAAAAAAAA/canvas',
  ];

  it.each(pages)('GET %s redirects to sign-in and back', async (page) => {
    const response = await new HttpClient(files.server.url).get(page);
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '', files.server.url);
    expect(location.pathname).toBe('/signin');
    if (page !== '/' && page !== '/signout') {
      expect(location.searchParams.get('redirectTo')).toBe(page);
    }
  });

  it('GET an invite link redirects to sign-in and back to the invite', async () => {
    const response = await new HttpClient(files.server.url).get(`/invite/${'a'.repeat(32)}`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `/signin?redirectTo=%2Finvite%2F${'a'.repeat(32)}`,
    );
  });

  it('every action is refused with 401 or 403, and changes nothing', async () => {
    const { boardA } = await twoOwners();
    const anonymous = new HttpClient(files.server.url);
    const actions: [string, Record<string, string>][] = [
      ['/?/create', { title: 'Anonymous', template: 'blank' }],
      ['/?/rename', { boardId: boardA, title: 'Hijacked' }],
      ['/?/leave', { boardId: boardA }],
      [`/b/${boardA}?/rename`, { title: 'Hijacked' }],
      [`/b/${boardA}/members?/invite`, { role: 'editor', expiresInDays: '7' }],
      [`/b/${boardA}/members?/revoke`, { inviteId: 'x' }],
      [`/b/${boardA}/members?/role`, { userId: 'x', role: 'owner' }],
      [`/b/${boardA}/members?/remove`, { userId: 'x' }],
      [`/b/${boardA}/delete`, {}],
      ['/account?/profile', { displayName: 'X', colour: '#3d85c6' }],
      ['/account?/password', { currentPassword: 'x', newPassword: 'y', confirmPassword: 'y' }],
      [`/invite/${'a'.repeat(32)}`, {}],
    ];
    for (const [action, fields] of actions) {
      const response = await anonymous.post(action, fields);
      expect([401, 403], `${action} answered ${response.status}`).toContain(response.status);
    }
  });

  it('GET the canvas of a real board redirects to sign-in and back', async () => {
    const { boardA } = await twoOwners();
    const response = await new HttpClient(files.server.url).get(`/b/${boardA}/canvas`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `/signin?redirectTo=${encodeURIComponent(`/b/${boardA}/canvas`)}`,
    );
  });

  it('a facilitation request (timer, lock) is refused with 401', async () => {
    const { boardA } = await twoOwners();
    const anonymous = new HttpClient(files.server.url);
    for (const body of [{ action: 'timer', minutes: 5 }, { action: 'lock' }]) {
      expect((await facilitate(anonymous, boardA, body)).status, body.action).toBe(401);
    }
  });
});

describe('a member of board A on board B', () => {
  it('cannot open B, its canvas, its members page or its delete page', async () => {
    const { alice, boardB } = await twoOwners();
    const pages = [`/b/${boardB}`, `/b/${boardB}/canvas`, `/b/${boardB}/members`];
    for (const page of [...pages, `/b/${boardB}/delete`]) {
      expect((await alice.get(page)).status, page).toBe(403);
    }
  });

  it('does not see B in the board list', async () => {
    const { alice } = await twoOwners();
    const html = await (await alice.get('/')).text();
    expect(html).toContain('Alice onboarding');
    expect(html).not.toContain('Bob secret pricing');
  });

  it('cannot rename, leave or delete B', async () => {
    const { alice, bob, boardB } = await twoOwners();
    expect((await alice.post('/?/rename', { boardId: boardB, title: 'Mine now' })).status).toBe(
      403,
    );
    expect((await alice.post(`/b/${boardB}?/rename`, { title: 'Mine now' })).status).toBe(403);
    expect((await alice.post('/?/leave', { boardId: boardB })).status).toBe(403);
    expect((await alice.post(`/b/${boardB}/delete`)).status).toBe(403);
    expect(await (await bob.get('/')).text()).toContain('Bob secret pricing');
  });

  it('cannot invite to, revoke on, re-role or remove members of B', async () => {
    const { alice, bob, boardB } = await twoOwners();
    const members = `/b/${boardB}/members`;
    const attempts: [string, Record<string, string>][] = [
      [`${members}?/invite`, { role: 'editor', expiresInDays: '7' }],
      [`${members}?/revoke`, { inviteId: 'x' }],
      [`${members}?/role`, { userId: 'x', role: 'owner' }],
      [`${members}?/remove`, { userId: 'x' }],
    ];
    for (const [action, fields] of attempts) {
      expect((await alice.post(action, fields)).status, action).toBe(403);
    }
    expect((await bob.get(members)).status).toBe(200);
  });

  it("cannot run B's countdown or lock B", async () => {
    const { alice, bob, boardB } = await twoOwners();
    for (const body of [
      { action: 'timer', minutes: 5 },
      { action: 'stop-timer' },
      { action: 'lock' },
      { action: 'unlock' },
    ]) {
      expect((await facilitate(alice, boardB, body)).status, body.action).toBe(403);
    }
    expect((await facilitate(bob, boardB, { action: 'stop-timer' })).status).toBe(200);
  });

  it('gets 404 for a board that does not exist', async () => {
    const { alice } = await twoOwners();
    expect((await alice.get('/b/AAAAAAAAAAAAAAAA')).status).toBe(404);
  });
});

describe('roles below owner', () => {
  it('a viewer can open the board but not rename it, manage members or delete it', async () => {
    const { alice, bob, boardA } = await twoOwners();
    await bob.join(alice, boardA, 'viewer');
    expect((await bob.get(`/b/${boardA}/members`)).status).toBe(200);
    expect((await bob.get(`/b/${boardA}`)).status).not.toBe(403);
    expect((await bob.post(`/b/${boardA}?/rename`, { title: 'Viewer title' })).status).toBe(403);
    expect((await bob.post('/?/rename', { boardId: boardA, title: 'Viewer title' })).status).toBe(
      403,
    );
    expect(
      (await bob.post(`/b/${boardA}/members?/invite`, { role: 'editor', expiresInDays: '7' }))
        .status,
    ).toBe(403);
    expect((await bob.get(`/b/${boardA}/delete`)).status).toBe(403);
    expect((await bob.post(`/b/${boardA}/delete`)).status).toBe(403);
  });

  it('a viewer can open the canvas', async () => {
    const { alice, bob, boardA } = await twoOwners();
    await bob.join(alice, boardA, 'viewer');
    expect((await bob.get(`/b/${boardA}/canvas`)).status).toBe(200);
  });

  it.each(['viewer', 'commenter'])(
    'a %s cannot run the countdown or lock the board; an editor can',
    async (role) => {
      const { alice, bob, boardA } = await twoOwners();
      await bob.join(alice, boardA, role);
      for (const body of [{ action: 'timer', minutes: 5 }, { action: 'lock' }]) {
        expect((await facilitate(bob, boardA, body)).status, body.action).toBe(403);
      }
      const carol = new HttpClient(files.server.url);
      await carol.signUp('Carol');
      await carol.join(alice, boardA, 'editor');
      const timer = await facilitate(carol, boardA, { action: 'timer', minutes: 5 });
      expect(timer.status).toBe(200);
      expect((await facilitate(carol, boardA, { action: 'stop-timer' })).status).toBe(200);
    },
  );

  it('an editor can rename but not manage members', async () => {
    const { alice, bob, boardA } = await twoOwners();
    await bob.join(alice, boardA, 'editor');
    const renamed = await bob.post(
      `/b/${boardA}?/rename`,
      { title: 'Renamed by Bob' },
      { enhanced: true },
    );
    expect(await renamed.json()).toMatchObject({ type: 'success' });
    expect((await bob.post(`/b/${boardA}/members?/remove`, { userId: 'x' })).status).toBe(403);
  });

  it('a member can leave a shared board, and then it is gone from their list', async () => {
    const { alice, bob, boardA } = await twoOwners();
    await bob.join(alice, boardA, 'commenter');
    expect(await (await bob.get('/')).text()).toContain('Alice onboarding');
    expect((await bob.post('/?/leave', { boardId: boardA })).status).toBe(200);
    expect(await (await bob.get('/')).text()).not.toContain('Alice onboarding');
    expect((await bob.get(`/b/${boardA}`)).status).toBe(403);
  });
});

describe('owners', () => {
  it('the last owner can neither demote nor remove themselves', async () => {
    const alice = new HttpClient(files.server.url);
    await alice.signUp('Solo');
    const board = await alice.createBoard('Solo board');
    const html = await (await alice.get(`/b/${board}/members`)).text();
    const userId = /data-member-id="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(userId).not.toBe('');
    // The page does not offer what the server refuses.
    expect(html).toContain("The board's only owner");
    // No role or remove controls (the department form is the only one on the row).
    expect(html).not.toMatch(/action="\?\/(role|remove)"/);
    expect((await alice.post(`/b/${board}/members?/role`, { userId, role: 'editor' })).status).toBe(
      409,
    );
    expect((await alice.post(`/b/${board}/members?/remove`, { userId })).status).toBe(409);
  });

  it('deleting takes a confirmation page, then the board is gone', async () => {
    const { alice, boardA } = await twoOwners();
    const confirm = await alice.get(`/b/${boardA}/delete`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Delete board');
    expect((await alice.post(`/b/${boardA}/delete`)).status).toBe(303);
    expect((await alice.get(`/b/${boardA}`)).status).toBe(404);
  });
});

describe('requests from elsewhere', () => {
  it('refuses a form post from another origin (CSRF)', async () => {
    const alice = new HttpClient(files.server.url);
    await alice.signUp('Csrf');
    const response = await alice.post(
      '/?/create',
      { title: 'Forged', template: 'blank' },
      { origin: 'http://evil.example' },
    );
    expect(response.status).toBe(403);
    expect(await (await alice.get('/')).text()).not.toContain('Forged');
  });

  it.each(['//evil.example/x', 'https://evil.example/', '/\\evil.example'])(
    'sends a redirectTo of %s back to the board list instead',
    async (redirectTo) => {
      const client = new HttpClient(files.server.url);
      const email = await client.signUp('Redirect');
      const other = new HttpClient(files.server.url);
      const response = await other.post('/signin', {
        email,
        password: 'correct horse battery',
        redirectTo,
      });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/');
    },
  );
});
