import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readAuthMessage } from 'y-protocols/auth';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  readBoardLock,
  readVoteEntries,
  setBoardLock,
  writeVoteEntry,
  type VoteEntry,
} from '@journeyboard/model';
import { MessageType } from '@journeyboard/protocol';
import type { AccessDecision, Role } from './options.ts';
import { avoidsRoots, roleWritePolicy } from './role-write-policy.ts';
import {
  Resources,
  boardId,
  connect,
  openTestStorage,
  startServer,
  tempDir,
  whenSynced,
} from './test/helpers.ts';

const SERVER = { userId: 'server' };

function entry(patch: Partial<VoteEntry> = {}): VoteEntry {
  return {
    id: 's1',
    title: 'Top friction',
    createdBy: 'owner',
    createdAt: 1,
    mode: 'live',
    privacy: 'secret',
    budget: 3,
    maxPerCard: 2,
    cardIds: ['c1', 'c2'],
    endsAt: null,
    minVoters: 3,
    status: 'open',
    revealedAt: null,
    results: null,
    ...patch,
  };
}

/** What the server would write, as an update on top of `doc`. */
function serverEdit(doc: Y.Doc, edit: (scratch: Y.Doc) => void): Uint8Array {
  const scratch = new Y.Doc();
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(scratch);
  edit(scratch);
  const update = Y.encodeStateAsUpdate(scratch, before);
  scratch.destroy();
  return update;
}

describe('avoidsRoots', () => {
  it('refuses new items, replacements and deletions in a server root', () => {
    const server = new Y.Doc();
    writeVoteEntry(server, entry(), SERVER);
    // A fresh client per edit: a Yjs update carries its doc's whole delete set.
    const edit = (fn: (d: Y.Doc) => void) => serverEdit(server, fn);
    const forged = edit((d) => d.getMap('votes').set('s2', { tallies: { c1: 99 } }));
    expect(avoidsRoots(server, forged, ['votes']).ok).toBe(false);
    const deleted = edit((d) => d.getMap('votes').delete('s1'));
    expect(avoidsRoots(server, deleted, ['votes']).ok).toBe(false);
    const unlock = edit((d) => d.getMap('facilitation').set('lock', null));
    expect(avoidsRoots(server, unlock, ['facilitation']).ok).toBe(false);
    const card = edit((d) => d.getMap('cards').set('c1', 'fine'));
    expect(avoidsRoots(server, card, ['votes', 'facilitation'])).toEqual({ ok: true });
  });

  it('lets an editor edit cards but not forge tallies or the lock', () => {
    const doc = new Y.Doc();
    const client = new Y.Doc();
    const card = serverEdit(client, (d) =>
      d.getMap('cards').set('c1', new Y.Map([['author', 'editor']])),
    );
    const tally = serverEdit(client, (d) => writeVoteEntry(d, entry(), { userId: 'editor' }));
    const context = { boardId: 'b', userId: 'editor', doc };
    expect(roleWritePolicy({ ...context, role: 'editor', update: card }).ok).toBe(true);
    expect(roleWritePolicy({ ...context, role: 'editor', update: tally }).ok).toBe(false);
    expect(roleWritePolicy({ ...context, role: 'owner', update: tally }).ok).toBe(false);
  });

  it('while locked, refuses editors and commenters but not owners or the facilitator', () => {
    const doc = new Y.Doc();
    setBoardLock(doc, { lockedBy: 'fac', lockedByName: 'Fay', lockedAt: 1 }, SERVER);
    const update = serverEdit(doc, (d) =>
      d.getMap('cards').set('c1', new Y.Map([['author', 'editor']])),
    );
    const comment = serverEdit(doc, (d) => d.getMap('comments').set('x', 'hi'));
    const context = { boardId: 'b', doc, update };
    const editor = roleWritePolicy({ ...context, role: 'editor', userId: 'someone' });
    expect(editor).toEqual({
      ok: false,
      reason:
        'the board is locked by Fay for a presentation; changes are paused until it is unlocked',
    });
    expect(
      roleWritePolicy({ ...context, role: 'commenter', userId: 'c', update: comment }).ok,
    ).toBe(false);
    expect(roleWritePolicy({ ...context, role: 'editor', userId: 'fac' }).ok).toBe(true);
    expect(roleWritePolicy({ ...context, role: 'owner', userId: 'boss' }).ok).toBe(true);
  });
});

describe('server updates and the lock on a live server', () => {
  const resources = new Resources();
  afterEach(() => resources.closeAll());

  const authorize = (req: IncomingMessage): Promise<AccessDecision> => {
    const params = new URL(req.url ?? '/', 'http://x').searchParams;
    const role = (params.get('role') ?? 'editor') as Role;
    return Promise.resolve({ ok: true, userId: params.get('user') ?? role, role });
  };

  async function setup() {
    const storage = openTestStorage(resources, `${tempDir(resources)}/board.db`);
    const server = await startServer(resources, {
      storage,
      noAuth: false,
      authorize,
      writePolicy: roleWritePolicy,
    });
    const id = boardId();
    await storage.boards.create({ id, title: 'Facilitation' });
    const open = (params: Record<string, string>) => {
      const provider = connect(resources, server, id, params);
      const denied: string[] = [];
      provider.messageHandlers[MessageType.Auth] = (_encoder, decoder) => {
        readAuthMessage(decoder, provider.doc, (_doc, reason) => denied.push(reason));
      };
      return { provider, denied };
    };
    const stored = async () => {
      const doc = new Y.Doc();
      for (const row of await storage.updates.load(id)) Y.applyUpdate(doc, row.bytes);
      return doc;
    };
    return { server, id, open, stored };
  }

  const synced = (...providers: WebsocketProvider[]) => Promise.all(providers.map(whenSynced));

  it('delivers a server update to every client and stores it, even with no room loaded', async () => {
    const { server, id, open, stored } = await setup();
    // No client yet: the write loads the room, stores the update and lets the room go.
    await server.sync.applyServerUpdate(
      id,
      serverEdit(new Y.Doc(), (d) => writeVoteEntry(d, entry({ id: 'early' }), SERVER)),
    );
    const a = open({ role: 'viewer' });
    const b = open({ role: 'editor' });
    await synced(a.provider, b.provider);
    expect(readVoteEntries(a.provider.doc).map((e) => e.id)).toEqual(['early']);
    await server.sync.applyServerUpdate(
      id,
      serverEdit(await stored(), (d) =>
        writeVoteEntry(d, entry({ id: 'later', createdAt: 2 }), SERVER),
      ),
    );
    for (const client of [a, b]) {
      await vi.waitFor(() =>
        expect(readVoteEntries(client.provider.doc).map((e) => e.id)).toEqual(['later', 'early']),
      );
    }
  });

  it('refuses a server update for a board that does not exist, instead of retrying forever', async () => {
    const { server } = await setup();
    await expect(
      server.sync.applyServerUpdate(
        'no-such-board',
        serverEdit(new Y.Doc(), (d) => writeVoteEntry(d, entry(), SERVER)),
      ),
    ).rejects.toThrow(/not found/);
  });

  it('drops a forged tally from an editor with a clear error', async () => {
    const { open, stored } = await setup();
    const editor = open({ role: 'editor', user: 'mallory' });
    const other = open({ role: 'editor', user: 'erin' });
    const viewer = open({ role: 'viewer' });
    await synced(editor.provider, other.provider, viewer.provider);
    writeVoteEntry(editor.provider.doc, entry({ status: 'revealed' }), { userId: 'mallory' });
    await vi.waitFor(() =>
      expect(editor.denied).toEqual([
        'only the server writes votes (voting results, timer and lock)',
      ]),
    );
    // A later edit reaching the viewer proves the refused one was not merely slow.
    other.provider.doc.getMap('meta').set('probe', 'after');
    await vi.waitFor(() => expect(viewer.provider.doc.getMap('meta').get('probe')).toBe('after'));
    expect(readVoteEntries(viewer.provider.doc)).toEqual([]);
    expect(readVoteEntries(await stored())).toEqual([]);
  });

  it('enforces a lock written by the server, and lifts it on unlock', async () => {
    const { server, id, open, stored } = await setup();
    const facilitator = open({ role: 'editor', user: 'fac' });
    const editor = open({ role: 'editor', user: 'ed' });
    await synced(facilitator.provider, editor.provider);
    await server.sync.applyServerUpdate(
      id,
      serverEdit(await stored(), (d) =>
        setBoardLock(d, { lockedBy: 'fac', lockedByName: 'Fay', lockedAt: 1 }, SERVER),
      ),
    );
    await vi.waitFor(() => expect(readBoardLock(editor.provider.doc)?.lockedBy).toBe('fac'));

    editor.provider.doc.getMap('meta').set('locked-out', 'no');
    await vi.waitFor(() => expect(editor.denied[0]).toMatch(/locked by Fay/));
    facilitator.provider.doc.getMap('meta').set('presenter', 'yes');
    await vi.waitFor(() => expect(editor.provider.doc.getMap('meta').get('presenter')).toBe('yes'));
    expect(facilitator.provider.doc.getMap('meta').has('locked-out')).toBe(false);

    await server.sync.applyServerUpdate(
      id,
      serverEdit(await stored(), (d) => setBoardLock(d, null, SERVER)),
    );
    await vi.waitFor(() => expect(readBoardLock(editor.provider.doc)).toBeNull());
    // The refused edit stays in the locked-out client's own copy; a fresh tab writes again.
    const fresh = open({ role: 'editor', user: 'ed' });
    await synced(fresh.provider);
    fresh.provider.doc.getMap('meta').set('after-unlock', 'yes');
    await vi.waitFor(() =>
      expect(facilitator.provider.doc.getMap('meta').get('after-unlock')).toBe('yes'),
    );
  });
});
