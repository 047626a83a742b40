import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { addComment } from '@journeyboard/model';
import { CloseCode } from '@journeyboard/protocol';
import {
  HttpClient,
  denials,
  memberId,
  nextClose,
  openProvider,
  upgradeStatus,
  whenSynced,
} from './auth-helpers.ts';
import { storedBoardDoc } from './support/stored.ts';
import { serverForFile } from './support/file-server.ts';

const providers: WebsocketProvider[] = [];

const files = serverForFile('access-ws');

afterEach(() => {
  for (const provider of providers.splice(0)) {
    provider.destroy();
    provider.doc.destroy();
  }
});

function connect(client: HttpClient, boardId: string): WebsocketProvider {
  const provider = openProvider(files.server.url, boardId, client.cookie);
  providers.push(provider);
  return provider;
}

function storedDoc(boardId: string): Promise<Y.Doc> {
  return storedBoardDoc(files.dataDir, boardId);
}

/** Owner Alice with a board, and Bob signed up (not yet a member). */
async function aliceAndBob() {
  const alice = new HttpClient(files.server.url);
  const bob = new HttpClient(files.server.url);
  await alice.signUp('Alice');
  await bob.signUp('Bob');
  const boardId = await alice.createBoard('Live board');
  return { alice, bob, boardId };
}

describe('the upgrade, with real cookies', () => {
  it('answers 401 without a session and opens no socket', async () => {
    const { boardId } = await aliceAndBob();
    expect(await upgradeStatus(files.server.url, boardId)).toBe(401);
    expect(await upgradeStatus(files.server.url, boardId, 'jb_session=notavalidtoken')).toBe(401);
  });

  it('answers 403 to a signed-in non-member', async () => {
    const { bob, boardId } = await aliceAndBob();
    expect(await upgradeStatus(files.server.url, boardId, bob.cookie)).toBe(403);
  });

  it('answers 404 for a board that does not exist', async () => {
    const { alice } = await aliceAndBob();
    expect(await upgradeStatus(files.server.url, 'AAAAAAAAAAAAAAAA', alice.cookie)).toBe(404);
  });

  it('opens for a member', async () => {
    const { alice, boardId } = await aliceAndBob();
    expect(await upgradeStatus(files.server.url, boardId, alice.cookie)).toBe(101);
  });
});

describe('writes by role', () => {
  it("drops a viewer's update: never stored, never seen by others", async () => {
    const { alice, bob, boardId } = await aliceAndBob();
    await bob.join(alice, boardId, 'viewer');
    const owner = connect(alice, boardId);
    const viewer = connect(bob, boardId);
    const denied = denials(viewer);
    await Promise.all([whenSynced(owner), whenSynced(viewer)]);
    viewer.doc.getMap('cards').set('forged', 'viewer edit');
    await vi.waitFor(() => expect(denied).toEqual(['a viewer cannot edit this board']));
    owner.doc.getMap('meta').set('title', 'owner edit');
    await vi.waitFor(() => expect(viewer.doc.getMap('meta').get('title')).toBe('owner edit'));
    expect(owner.doc.getMap('cards').has('forged')).toBe(false);
    const stored = await storedDoc(boardId);
    expect(stored.getMap('meta').get('title')).toBe('owner edit');
    expect(stored.getMap('cards').has('forged')).toBe(false);
  });

  it('lets a commenter write comments and nothing else', async () => {
    const { alice, bob, boardId } = await aliceAndBob();
    await bob.join(alice, boardId, 'commenter');
    const owner = connect(alice, boardId);
    const commenter = connect(bob, boardId);
    const denied = denials(commenter);
    await Promise.all([whenSynced(owner), whenSynced(commenter)]);

    const bobId = await memberId(alice, boardId, 'Bob');
    const target = { kind: 'card', id: 'card1' } as const;
    const c1 = addComment(
      commenter.doc,
      { target, body: 'Is this step needed?' },
      { userId: bobId },
    );
    const bodyOf = (doc: Y.Doc) => (doc.getMap('comments').get(c1) as Y.Map<unknown>).get('body');
    await vi.waitFor(() => expect(bodyOf(owner.doc)).toBe('Is this step needed?'));
    commenter.doc.getMap('cards').set('forged', 'commenter edit');
    await vi.waitFor(() => expect(denied).toEqual(['a commenter can only write comments']));
    owner.doc.getMap('meta').set('title', 'owner edit');
    await vi.waitFor(() => expect(commenter.doc.getMap('meta').get('title')).toBe('owner edit'));
    expect(owner.doc.getMap('cards').has('forged')).toBe(false);
    const stored = await storedDoc(boardId);
    expect(bodyOf(stored)).toBe('Is this step needed?');
    expect(stored.getMap('cards').has('forged')).toBe(false);
  });
});

describe('changes to access reach open sockets', () => {
  it('closes the socket of a removed member with Forbidden', async () => {
    const { alice, bob, boardId } = await aliceAndBob();
    await bob.join(alice, boardId, 'editor');
    const member = connect(bob, boardId);
    await whenSynced(member);
    const closed = nextClose(member);
    const started = Date.now();
    const userId = await memberId(alice, boardId, 'Bob');
    expect((await alice.post(`/b/${boardId}/members?/remove`, { userId })).status).toBe(200);
    expect(await closed).toBe(CloseCode.Forbidden);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('refuses the next update of an editor demoted to viewer', async () => {
    const { alice, bob, boardId } = await aliceAndBob();
    await bob.join(alice, boardId, 'editor');
    const owner = connect(alice, boardId);
    const member = connect(bob, boardId);
    const denied = denials(member);
    await Promise.all([whenSynced(owner), whenSynced(member)]);
    member.doc.getMap('meta').set('title', 'as editor');
    await vi.waitFor(() => expect(owner.doc.getMap('meta').get('title')).toBe('as editor'));

    const userId = await memberId(alice, boardId, 'Bob');
    const demote = await alice.post(`/b/${boardId}/members?/role`, { userId, role: 'viewer' });
    expect(demote.status).toBe(200);
    member.doc.getMap('cards').set('after', 'as viewer');
    await vi.waitFor(() => expect(denied).toEqual(['a viewer cannot edit this board']));
    expect(owner.doc.getMap('cards').has('after')).toBe(false);
  });

  it("closes the signed-out session's socket and only that one", async () => {
    const alice = new HttpClient(files.server.url);
    const email = await alice.signUp('Alice');
    const boardId = await alice.createBoard('Two devices');
    const laptop = new HttpClient(files.server.url);
    const signedIn = await laptop.post('/signin', {
      email,
      password: 'correct horse battery',
      redirectTo: '/',
    });
    expect(signedIn.status).toBe(303);
    const phone = connect(alice, boardId);
    const desk = connect(laptop, boardId);
    await Promise.all([whenSynced(phone), whenSynced(desk)]);
    const closed = nextClose(phone);
    expect((await alice.post('/signout?/signout')).status).toBe(303);
    expect(await closed).toBe(CloseCode.Unauthorized);
    expect(desk.wsconnected).toBe(true);
  });
});
