import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from './auth-helpers.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

/** The history, export and template endpoints against hostile and unauthorised requests. */
describe('history and export endpoints refuse what they should', () => {
  let dataDir: string;
  let server: WebServer;
  let owner: HttpClient;
  let viewer: HttpClient;
  let stranger: HttpClient;
  let boardId: string;
  let versionId: string;

  const call = (
    client: HttpClient,
    pathname: string,
    init: { method?: string; body?: string; type?: string } = {},
  ) =>
    fetch(server.url + pathname, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: client.cookie,
        origin: server.url,
        accept: 'application/json',
        ...(init.type ? { 'content-type': init.type } : {}),
      },
      ...(init.body === undefined ? {} : { body: init.body }),
    });

  const messageOf = async (response: Response) =>
    ((await response.json()) as { message?: string }).message ?? '';

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-history-http-'));
    server = await startWebServer({ dataDir });
    owner = new HttpClient(server.url);
    viewer = new HttpClient(server.url);
    stranger = new HttpClient(server.url);
    await owner.signUp('Olga', `olga-${Date.now()}@example.com`);
    await viewer.signUp('Vic', `vic-${Date.now()}@example.com`);
    await stranger.signUp('Sam', `sam-${Date.now()}@example.com`);
    boardId = await owner.createBoard('Access checks');
    await viewer.join(owner, boardId, 'viewer');
    const saved = await call(owner, `/b/${boardId}/history`, {
      method: 'POST',
      type: 'application/json',
      body: JSON.stringify({ name: '  First   cut ' }),
    });
    expect(saved.status).toBe(201);
    versionId = ((await saved.json()) as { version: { id: string; name: string } }).version.id;
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets a viewer look and export but not save or restore', async () => {
    const list = await call(viewer, `/b/${boardId}/history`);
    expect(list.status).toBe(200);
    const { versions } = (await list.json()) as { versions: { name: string }[] };
    expect(versions.map((v) => v.name)).toContain('First cut');
    const png = await call(viewer, `/b/${boardId}/export/png`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-disposition')).toBe('attachment; filename="access-checks.png"');
    expect((await call(viewer, `/b/${boardId}/history/${versionId}/preview`)).status).toBe(200);
    const save = await call(viewer, `/b/${boardId}/history`, {
      method: 'POST',
      type: 'application/json',
      body: '{"name":"mine"}',
    });
    expect(save.status).toBe(403);
    const restore = await call(viewer, `/b/${boardId}/history/${versionId}/restore`, {
      method: 'POST',
    });
    expect(restore.status).toBe(403);
  });

  it('shows nothing to non-members', async () => {
    for (const pathname of [
      `/b/${boardId}/history`,
      `/b/${boardId}/activity`,
      `/b/${boardId}/export/json`,
      `/b/${boardId}/history/${versionId}`,
    ]) {
      expect((await call(stranger, pathname)).status).toBe(403);
    }
  });

  it('refuses malformed, oversized and wrong-typed bodies with a clear message', async () => {
    const post = (body: string, type = 'application/json') =>
      call(owner, `/b/${boardId}/history`, { method: 'POST', type, body });
    expect((await post('name=x', 'text/plain')).status).toBe(415);
    const broken = await post('{"name":');
    expect(broken.status).toBe(400);
    expect(await messageOf(broken)).toBe('The request is not valid JSON.');
    const wrongType = await post('{"name":42}');
    expect(wrongType.status).toBe(400);
    expect(await messageOf(wrongType)).toBe('name: name must be text');
    const blank = await post('{"name":"   "}');
    expect(await messageOf(blank)).toBe('name: Give the version a name.');
    const long = await post(JSON.stringify({ name: 'x'.repeat(101) }));
    expect(await messageOf(long)).toBe('name: Keep the name under 100 characters.');
    const huge = await post(JSON.stringify({ name: 'x'.repeat(20_000) }));
    expect(huge.status).toBe(413);
    const template = await call(owner, `/b/${boardId}/template`, {
      method: 'POST',
      type: 'application/json',
      body: '{"name":["a"]}',
    });
    expect(template.status).toBe(400);
  });

  it('answers 404 for unknown versions and formats', async () => {
    expect((await call(owner, `/b/${boardId}/history/not-a-version`)).status).toBe(404);
    expect((await call(owner, `/b/${boardId}/history/${crypto.randomUUID()}`)).status).toBe(404);
    expect(
      (
        await call(owner, `/b/${boardId}/history/${crypto.randomUUID()}/restore`, {
          method: 'POST',
        })
      ).status,
    ).toBe(404);
    expect((await call(owner, `/b/${boardId}/export/exe`)).status).toBe(404);
  });

  it('refuses hostile board files on import, and creates nothing', async () => {
    const before = (await (await owner.get('/')).text()).match(/href="\/b\//g)?.length ?? 0;
    const importFile = async (text: string) => {
      const form = new FormData();
      form.set('file', new File([text], 'board.json', { type: 'application/json' }));
      return fetch(`${server.url}/?/import`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          cookie: owner.cookie,
          origin: server.url,
          accept: 'application/json',
          'x-sveltekit-action': 'true',
        },
        body: form,
      });
    };
    const deep = `{"format":"journeyboard","version":1,"schema":1,"exportedAt":"","board":{"maps":{"x":{"y":{"$json":${'['.repeat(50_000)}${']'.repeat(50_000)}}}}}}`;
    const cases: [string, RegExp][] = [
      ['not json', /not valid JSON/],
      ['{"format":"journeyboard","version":7}', /version: unsupported version/],
      [deep, /nested (too deeply|deeper than 40 levels)/],
      [
        '{"format":"journeyboard","version":1,"schema":1,"exportedAt":"","board":{"maps":{"stages":{"s1":{"$map":{"name":1,"order":"a"}}}}}}',
        /board\.maps\.stages\.s1\.name/,
      ],
    ];
    for (const [text, message] of cases) {
      const response = await importFile(text);
      const body = JSON.stringify(await response.json());
      expect(body).toMatch(message);
      expect(body).toContain('"status":400');
    }
    const after = (await (await owner.get('/')).text()).match(/href="\/b\//g)?.length ?? 0;
    expect(after).toBe(before);
  });

  it('titles an imported board "… (imported)" so it is told apart from its source', async () => {
    const exported = await call(owner, `/b/${boardId}/export/json`);
    expect(exported.status).toBe(200);
    const form = new FormData();
    form.set('file', new File([await exported.text()], 'board.json', { type: 'application/json' }));
    const response = await fetch(`${server.url}/?/import`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: owner.cookie,
        origin: server.url,
        accept: 'application/json',
        'x-sveltekit-action': 'true',
      },
      body: form,
    });
    expect(JSON.stringify(await response.json())).toContain('"type":"redirect"');
    const list = await (await owner.get('/')).text();
    expect(list).toContain('Access checks (imported)');
  });
});
