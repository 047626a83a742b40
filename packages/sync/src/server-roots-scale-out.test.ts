import type { IncomingMessage } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readAuthMessage } from 'y-protocols/auth';
import * as Y from 'yjs';
import { readBoardLock, readVoteEntries, setBoardLock, writeVoteEntry } from '@journeyboard/model';
import { MessageType } from '@journeyboard/protocol';
import { createPostgresStorage } from '@journeyboard/storage';
import type { AccessDecision, Role } from './options.ts';
import { roleWritePolicy } from './role-write-policy.ts';
import { Resources, boardId, connect, whenSynced } from './test/helpers.ts';
import { createScaleOutEnv, startNode, type ScaleOutEnv } from './test/scale-out.ts';

const resources = new Resources();
let env: ScaleOutEnv;

beforeAll(async () => {
  env = await createScaleOutEnv();
});
afterAll(() => env?.close());
afterEach(() => resources.closeAll());

const authorize = (req: IncomingMessage): Promise<AccessDecision> => {
  const params = new URL(req.url ?? '/', 'http://x').searchParams;
  const role = (params.get('role') ?? 'editor') as Role;
  return Promise.resolve({ ok: true, userId: params.get('user') ?? role, role });
};

/** A server-made edit on top of nothing: it only sets server-owned keys. */
function serverEdit(edit: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  edit(doc);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

describe('server-made updates across sync nodes', () => {
  it('a lock and a tally written on node A reach node B, which enforces the lock', async () => {
    const options = { authorize, noAuth: false, writePolicy: roleWritePolicy };
    // A: the web process's own sync server (no sockets); B: the node serving the clients.
    const a = await startNode(resources, env, options);
    const b = await startNode(resources, env, options);
    const id = boardId('server-roots');
    const storage = resources.add(
      await createPostgresStorage({ connectionString: env.databaseUrl, max: 1 }),
      (st) => st.close(),
    );
    await storage.boards.create({ id, title: 'Across nodes' });
    const editor = connect(resources, b, id, { user: 'ed', role: 'editor' });
    const denied: string[] = [];
    editor.messageHandlers[MessageType.Auth] = (_encoder, decoder) => {
      readAuthMessage(decoder, editor.doc, (_doc, reason) => denied.push(reason));
    };
    await whenSynced(editor);

    await a.sync.applyServerUpdate(
      id,
      serverEdit((doc) => {
        setBoardLock(doc, { lockedBy: 'fac', lockedByName: 'Fay', lockedAt: 1 }, { userId: 's' });
        writeVoteEntry(
          doc,
          {
            id: 'v1',
            title: 'Top',
            createdBy: 'fac',
            createdAt: 1,
            mode: 'live',
            privacy: 'secret',
            budget: 1,
            maxPerCard: 1,
            cardIds: ['c1'],
            endsAt: null,
            minVoters: 3,
            status: 'revealed',
            revealedAt: 2,
            results: { tallies: { c1: 4 }, voterCount: 4, voters: null, departments: [] },
          },
          { userId: 's' },
        );
      }),
    );
    await vi.waitFor(() => expect(readBoardLock(editor.doc)?.lockedBy).toBe('fac'));
    expect(readVoteEntries(editor.doc)[0]?.results?.tallies).toEqual({ c1: 4 });

    editor.doc.getMap('cards').set('during-lock', 'refused');
    await vi.waitFor(() => expect(denied[0]).toMatch(/locked by Fay/));
    const presenter = connect(resources, b, id, { user: 'fac', role: 'editor' });
    await whenSynced(presenter);
    presenter.doc.getMap('meta').set('presenter', 'allowed');
    const onA = connect(resources, a, id, { user: 'viewer', role: 'viewer' });
    await whenSynced(onA);
    await vi.waitFor(() => expect(onA.doc.getMap('meta').get('presenter')).toBe('allowed'));
    expect(onA.doc.getMap('cards').has('during-lock')).toBe(false);
  }, 30_000);
});
