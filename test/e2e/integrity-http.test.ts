import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { exportBoardJson, readBoard } from '@journeyboard/model';
import type { Storage } from '@journeyboard/storage';
import { HttpClient, denials, openProvider, whenSynced } from './auth-helpers.ts';
import { storedBoardDoc, withStoredBoards } from './support/stored.ts';
import { serverForFile } from './support/file-server.ts';

/*
 * Integrity inside a role (issue 15, items 2, 11 and 13) against `./jb start`'s server:
 * real cookies, real sockets, the real SQLite file.
 */

const providers: WebsocketProvider[] = [];

const files = serverForFile('integrity');

afterEach(() => {
  for (const provider of providers.splice(0)) {
    provider.destroy();
    provider.doc.destroy();
  }
});

function withStorage<T>(fn: (storage: Storage) => Promise<T>): Promise<T> {
  return withStoredBoards(files.dataDir, fn);
}

function storedDoc(boardId: string): Promise<Y.Doc> {
  return storedBoardDoc(files.dataDir, boardId);
}

async function connect(client: HttpClient, boardId: string): Promise<WebsocketProvider> {
  const provider = openProvider(files.server.url, boardId, client.cookie);
  providers.push(provider);
  await whenSynced(provider);
  return provider;
}

/** Owner Olga's board, with Cleo as `role`. */
async function boardWith(role: string) {
  const owner = new HttpClient(files.server.url);
  const member = new HttpClient(files.server.url);
  await owner.signUp('Olga');
  await member.signUp('Cleo');
  const boardId = await owner.createBoard('Integrity', 'starter');
  await member.join(owner, boardId, role);
  return { owner, member, boardId };
}

describe('one malformed entry and the board list', () => {
  it("refuses a commenter's comments.set('x', 'boom'); every member's board list still loads", async () => {
    const { owner, member, boardId } = await boardWith('commenter');
    const socket = await connect(member, boardId);
    const denied = denials(socket);
    socket.doc.getMap('comments').set('x', 'boom');
    await vi.waitFor(() => expect(denied).toEqual(['every entry of comments must be a map']));
    expect((await storedDoc(boardId)).getMap('comments').has('x')).toBe(false);
    expect((await owner.get('/')).status).toBe(200);
    expect((await member.get('/')).status).toBe(200);
  });

  it('lists boards whose stored document already holds malformed entries', async () => {
    const { owner, member, boardId } = await boardWith('commenter');
    // As a board written before the server checked shapes holds them.
    const legacy = new Y.Doc();
    legacy.getMap('comments').set('x', 'boom');
    legacy.getMap('cards').set('y', 42);
    await withStorage((storage) =>
      storage.updates.append(boardId, [Y.encodeStateAsUpdate(legacy)]),
    );
    const list = await owner.get('/');
    expect(list.status).toBe(200);
    expect(await list.text()).toContain('Integrity');
    expect((await member.get('/')).status).toBe(200);
  });
});

describe('the presentation lock and renames', () => {
  it('refuses an editor renaming a locked board through either rename form', async () => {
    const { owner, member: editor, boardId } = await boardWith('editor');
    const lock = await fetch(`${files.server.url}/b/${boardId}/facilitation`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        cookie: owner.cookie,
        origin: files.server.url,
      },
      body: JSON.stringify({ action: 'lock' }),
    });
    expect(lock.status).toBe(200);

    const fromList = await editor.post('/?/rename', { boardId, title: 'Renamed by the editor' });
    expect(fromList.status).toBe(423);
    expect(await fromList.text()).toMatch(/locked by Olga for a presentation/);
    const fromBoard = await editor.post(`/b/${boardId}?/rename`, { title: 'Renamed again' });
    expect(fromBoard.status).toBe(423);

    const titles = await withStorage(async (storage) => (await storage.boards.get(boardId))?.title);
    expect(titles).toBe('Integrity');
    expect(readBoard(await storedDoc(boardId)).title).toBe('Integrity');
    // The owner presents through the lock.
    expect((await owner.post('/?/rename', { boardId, title: 'Owner renamed' })).status).toBe(200);
    expect(readBoard(await storedDoc(boardId)).title).toBe('Owner renamed');
  });
});

describe('import', () => {
  it('leaves the server-owned roots of an imported file out', async () => {
    const owner = new HttpClient(files.server.url);
    await owner.signUp('Olga');
    const source = new Y.Doc();
    source.getMap('meta').set('title', 'Imported');
    const json = exportBoardJson(source);
    json.board.maps.votes = {
      s1: {
        $json: { id: 's1', title: 'Forged', status: 'revealed', results: { voterCount: 999 } },
      },
    };
    json.board.maps.facilitation = {
      lock: { $json: { lockedBy: 'x', lockedByName: 'Mallory', lockedAt: 1 } },
    };
    const form = new FormData();
    form.set('file', new File([JSON.stringify(json)], 'board.json', { type: 'application/json' }));
    const response = await fetch(`${files.server.url}/?/import`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: owner.cookie, origin: files.server.url, accept: 'text/html' },
      body: form,
    });
    expect(response.status).toBe(303);
    const boardId = /\/b\/([A-Za-z0-9_-]{16})$/.exec(response.headers.get('location') ?? '')?.[1];
    const stored = await storedDoc(boardId ?? '');
    expect(readBoard(stored).title).toBe('Imported (imported)');
    expect(stored.share.has('votes')).toBe(false);
    expect(stored.share.has('facilitation')).toBe(false);
  });
});
