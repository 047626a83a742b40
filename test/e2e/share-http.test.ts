import { describe, expect, it } from 'vitest';
import { HttpClient } from './auth-helpers.ts';
import { serverForFile } from './support/file-server.ts';

const files = serverForFile('share-http');

/** A request as the Share dialog sends it: JSON, same origin. */
function share(
  client: HttpClient,
  route: string,
  init: { method?: string; body?: unknown; contentType?: string } = {},
) {
  const hasBody = init.body !== undefined;
  return fetch(`${files.server.url}${route}`, {
    method: init.method ?? 'GET',
    redirect: 'manual',
    headers: {
      accept: 'application/json',
      origin: files.server.url,
      cookie: client.cookie,
      ...(hasBody ? { 'content-type': init.contentType ?? 'application/json' } : {}),
    },
    ...(hasBody
      ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }
      : {}),
  });
}

async function boardWithViewer() {
  const owner = new HttpClient(files.server.url);
  const viewer = new HttpClient(files.server.url);
  await owner.signUp('Olga');
  await viewer.signUp('Vera');
  const boardId = await owner.createBoard('Checkout journey');
  await viewer.join(owner, boardId, 'viewer');
  return { owner, viewer, boardId };
}

describe('the Share API', () => {
  it('creates an editor link unless told otherwise', async () => {
    const { owner, boardId } = await boardWithViewer();
    const response = await share(owner, `/b/${boardId}/share`, { method: 'POST', body: {} });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { link: string; role: string };
    expect(created.role).toBe('editor');
    expect(created.link).toMatch(new RegExp(`^${files.server.url}/invite/[a-z0-9]{32}$`));
  });

  it('makes an emailed invite single-use and says no mail was sent', async () => {
    const { owner, boardId } = await boardWithViewer();
    const response = await share(owner, `/b/${boardId}/share`, {
      method: 'POST',
      body: { role: 'commenter', email: 'new.person@example.com' },
    });
    expect(await response.json()).toMatchObject({
      role: 'commenter',
      email: 'new.person@example.com',
      emailSent: false,
    });
    const roster = (await (await share(owner, `/b/${boardId}/share`)).json()) as {
      invites: { role: string; maxUses: number | null }[];
    };
    expect(roster.invites.filter((invite) => invite.role === 'commenter')).toEqual([
      expect.objectContaining({ maxUses: 1 }),
    ]);
  });

  it.each([
    [{ role: 'owner' }, 'role: Choose editor, commenter or viewer.'],
    [{ email: 'not an address' }, 'email: Enter a valid email address.'],
    [{ expiresInDays: 365 }, 'expiresInDays: Choose 1, 7 or 30 days.'],
    [{ role: 'editor', extra: 1 }, 'Unrecognized key: "extra"'],
  ])('refuses the invite %j with a clear reason', async (body, message) => {
    const { owner, boardId } = await boardWithViewer();
    const response = await share(owner, `/b/${boardId}/share`, { method: 'POST', body });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe(message);
  });

  it('refuses a body that is not JSON', async () => {
    const { owner, boardId } = await boardWithViewer();
    const notJson = await share(owner, `/b/${boardId}/share`, { method: 'POST', body: '{"role' });
    expect(notJson.status).toBe(400);
    const form = await share(owner, `/b/${boardId}/share`, {
      method: 'POST',
      body: 'role=editor',
      contentType: 'text/plain',
    });
    expect(form.status).toBe(415);
  });

  it('shows a viewer the members without addresses or links, and lets them change nothing', async () => {
    const { owner, viewer, boardId } = await boardWithViewer();
    const roster = (await (await share(viewer, `/b/${boardId}/share`)).json()) as {
      manage: boolean;
      members: { id: string; email: string | null; role: string; you: boolean }[];
      invites: unknown[];
    };
    expect(roster.manage).toBe(false);
    expect(roster.invites).toEqual([]);
    expect(roster.members.map((member) => member.email)).toEqual([null, null]);
    const ownerId = roster.members.find((member) => member.role === 'owner')?.id ?? '';
    const attempts = [
      share(viewer, `/b/${boardId}/share`, { method: 'POST', body: {} }),
      share(viewer, `/b/${boardId}/share/members/${ownerId}`, {
        method: 'PATCH',
        body: { role: 'viewer' },
      }),
      share(viewer, `/b/${boardId}/share/members/${ownerId}`, { method: 'DELETE' }),
    ];
    for (const response of await Promise.all(attempts)) expect(response.status).toBe(403);
    expect((await share(owner, `/b/${boardId}/share`)).status).toBe(200);
  });

  it('changes and removes a member, never the last owner', async () => {
    const { owner, viewer, boardId } = await boardWithViewer();
    const roster = (await (await share(owner, `/b/${boardId}/share`)).json()) as {
      members: { id: string; role: string; you: boolean }[];
    };
    const me = roster.members.find((member) => member.you)?.id ?? '';
    const vera = roster.members.find((member) => !member.you)?.id ?? '';
    const demote = await share(owner, `/b/${boardId}/share/members/${me}`, {
      method: 'PATCH',
      body: { role: 'editor' },
    });
    expect(demote.status).toBe(409);
    expect(((await demote.json()) as { message: string }).message).toMatch(/needs an owner/);
    const promote = await share(owner, `/b/${boardId}/share/members/${vera}`, {
      method: 'PATCH',
      body: { role: 'editor' },
    });
    expect(promote.status).toBe(200);
    expect((await share(viewer, `/b/${boardId}/share`, { method: 'POST', body: {} })).status).toBe(
      403,
    );
    expect(
      (await share(owner, `/b/${boardId}/share/members/${vera}`, { method: 'DELETE' })).status,
    ).toBe(200);
    expect((await share(viewer, `/b/${boardId}/share`)).status).toBe(403);
    expect(
      (await share(owner, `/b/${boardId}/share/members/nobody`, { method: 'DELETE' })).status,
    ).toBe(404);
  });

  it('revokes a link, and says so when there is none', async () => {
    const { owner, boardId } = await boardWithViewer();
    const { link } = (await (
      await share(owner, `/b/${boardId}/share`, { method: 'POST', body: { role: 'commenter' } })
    ).json()) as { link: string };
    const roster = (await (await share(owner, `/b/${boardId}/share`)).json()) as {
      invites: { id: string; role: string }[];
    };
    const live = roster.invites.filter((invite) => invite.role === 'commenter');
    expect(live).toHaveLength(1);
    const route = `/b/${boardId}/share/invites/${live[0]?.id ?? ''}`;
    expect((await share(owner, route, { method: 'DELETE' })).status).toBe(204);
    const unknown = `/b/${boardId}/share/invites/${'0'.repeat(64)}`;
    expect((await share(owner, unknown, { method: 'DELETE' })).status).toBe(404);
    const stranger = new HttpClient(files.server.url);
    await stranger.signUp('Stan');
    const accept = await stranger.post(new URL(link).pathname);
    expect(accept.status).toBe(410);
  });
});
