import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { readAuthMessage } from 'y-protocols/auth';
import { MessageType } from '@journeyboard/protocol';
import type { AccessDecision, Role } from './options.ts';
import {
  Resources,
  boardId,
  connect,
  openTestStorage,
  startServer,
  tempDir,
  whenSynced,
  type TestServer,
} from './test/helpers.ts';

const resources = new Resources();
afterEach(() => resources.closeAll());

/** Role from `?role=`, refusal from `?refuse=401|403|404`: enough to drive every branch. */
function authorizeFromQuery(req: IncomingMessage): Promise<AccessDecision> {
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const refuse = params.get('refuse');
  if (refuse === '401' || refuse === '403' || refuse === '404') {
    return Promise.resolve({
      ok: false,
      status: Number(refuse) as 401 | 403 | 404,
      reason: `refused ${refuse}`,
    });
  }
  return Promise.resolve({
    ok: true,
    userId: params.get('user') ?? 'u1',
    role: (params.get('role') ?? 'editor') as Role,
  });
}

async function setup(authorize = authorizeFromQuery) {
  const dir = tempDir(resources);
  const storage = openTestStorage(resources, `${dir}/board.db`);
  const server = await startServer(resources, { storage, noAuth: false, authorize });
  return { storage, server };
}

/** Opens a raw socket and reports the HTTP status of a refused upgrade (or 101). */
function upgradeStatus(
  server: TestServer,
  path: string,
): Promise<{ status: number; opened: boolean }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`);
    ws.on('open', () => {
      ws.terminate();
      resolve({ status: 101, opened: true });
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, opened: false });
      res.resume();
      ws.terminate();
    });
    ws.on('error', () => {});
  });
}

describe('access at the upgrade', () => {
  it.each([401, 403, 404])('refuses with HTTP %i before any WebSocket opens', async (status) => {
    const { server } = await setup();
    const result = await upgradeStatus(server, `/sync/${boardId()}?refuse=${status}`);
    expect(result).toEqual({ status, opened: false });
    expect(server.sync.stats().connections).toBe(0);
    expect(server.sync.stats().boards).toBe(0);
  });

  it('answers 400 to an invalid board id', async () => {
    const { server } = await setup();
    expect(await upgradeStatus(server, '/sync/bad id!')).toEqual({ status: 400, opened: false });
  });

  it('leaves upgrades on other paths to other handlers', async () => {
    const { server } = await setup();
    server.http.on('upgrade', (req: IncomingMessage, socket) => {
      if (req.url === '/vite-hmr')
        socket.end("HTTP/1.1 418 I'm a teapot\r\nConnection: close\r\n\r\n");
    });
    expect(await upgradeStatus(server, '/vite-hmr')).toEqual({ status: 418, opened: false });
  });

  it('by default admits editors to boards that exist and refuses unknown boards with 404', async () => {
    const dir = tempDir(resources);
    const storage = openTestStorage(resources, `${dir}/board.db`);
    const server = await startServer(resources, { storage, noAuth: false });
    const id = boardId();
    expect(await upgradeStatus(server, `/sync/${id}`)).toEqual({ status: 404, opened: false });
    await storage.boards.create({ id, title: 'Checkout journey' });
    expect(await upgradeStatus(server, `/sync/${id}`)).toEqual({ status: 101, opened: true });
  });
});

describe('viewers', () => {
  it('drops a viewer update, tells the viewer why, and keeps sending it updates', async () => {
    const { server, storage } = await setup();
    const id = boardId();
    await storage.boards.create({ id, title: 'Support journey' });
    const editor = connect(resources, server, id, { role: 'editor' });
    const viewer = connect(resources, server, id, { role: 'viewer', user: 'v1' });
    const denied: string[] = [];
    viewer.messageHandlers[MessageType.Auth] = (_encoder, decoder) => {
      readAuthMessage(decoder, viewer.doc, (_doc, reason) => denied.push(reason));
    };
    await Promise.all([whenSynced(editor), whenSynced(viewer)]);

    viewer.doc.getMap('cards').set('sneaky', 'viewer edit');
    await vi.waitFor(() => expect(denied).toEqual(['a viewer cannot edit this board']));

    editor.doc.getMap('cards').set('legit', 'editor edit');
    await vi.waitFor(() => expect(viewer.doc.getMap('cards').get('legit')).toBe('editor edit'));
    expect(viewer.wsconnected).toBe(true);
    expect(editor.doc.getMap('cards').has('sneaky')).toBe(false);
    const stored = new Y.Doc();
    for (const entry of await storage.updates.load(id)) Y.applyUpdate(stored, entry.bytes);
    expect(stored.getMap('cards').toJSON()).toEqual({ legit: 'editor edit' });
  });
});
