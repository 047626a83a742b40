import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readAuthMessage } from 'y-protocols/auth';
import type { WebsocketProvider } from 'y-websocket';
import { CloseCode, MessageType } from '@journeyboard/protocol';
import type { AccessDecision, Role } from './options.ts';
import {
  Resources,
  boardId,
  connect,
  openTestStorage,
  startServer,
  tempDir,
  whenSynced,
} from './test/helpers.ts';

const resources = new Resources();
afterEach(() => resources.closeAll());

/** Access decided by a table the test edits, keyed by the `?session=` the client sends. */
function accessTable() {
  const roles = new Map<string, Role | 401 | 403>();
  let calls = 0;
  const authorize = (req: IncomingMessage): Promise<AccessDecision> => {
    calls++;
    const session = new URL(req.url ?? '/', 'http://x').searchParams.get('session') ?? '';
    const entry = roles.get(session) ?? 401;
    if (entry === 401 || entry === 403) {
      return Promise.resolve({ ok: false, status: entry, reason: `refused ${entry}` });
    }
    return Promise.resolve({ ok: true, userId: session, role: entry, sessionId: session });
  };
  return { roles, authorize, calls: () => calls };
}

async function setup(revalidateEveryMs = 0) {
  const table = accessTable();
  const storage = openTestStorage(resources, `${tempDir(resources)}/board.db`);
  const server = await startServer(resources, {
    storage,
    noAuth: false,
    authorize: table.authorize,
    revalidateEveryMs,
  });
  const id = boardId();
  await storage.boards.create({ id, title: 'Revalidation' });
  return { table, server, id };
}

function closeCode(provider: WebsocketProvider): Promise<number> {
  return new Promise((resolve) => {
    provider.on('connection-close', (event) => resolve(event?.code ?? 0));
  });
}

describe('revalidating open connections', () => {
  it('closes a removed member with Forbidden when asked', async () => {
    const { table, server, id } = await setup();
    table.roles.set('s1', 'editor');
    const client = connect(resources, server, id, { session: 's1' });
    await whenSynced(client);
    const closed = closeCode(client);
    client.shouldConnect = false;
    table.roles.set('s1', 403);
    await server.sync.revalidate({ boardId: id });
    expect(await closed).toBe(CloseCode.Forbidden);
  });

  it('closes only the signed-out session with Unauthorized', async () => {
    const { table, server, id } = await setup();
    table.roles.set('s1', 'editor');
    table.roles.set('s2', 'editor');
    const first = connect(resources, server, id, { session: 's1' });
    const second = connect(resources, server, id, { session: 's2' });
    await Promise.all([whenSynced(first), whenSynced(second)]);
    const closed = closeCode(first);
    first.shouldConnect = false;
    table.roles.delete('s1');
    await server.sync.revalidate({ sessionId: 's1' });
    expect(await closed).toBe(CloseCode.Unauthorized);
    expect(second.wsconnected).toBe(true);
  });

  it('refuses the next update of an editor demoted to viewer, keeping the socket', async () => {
    const { table, server, id } = await setup();
    table.roles.set('s1', 'editor');
    table.roles.set('s2', 'editor');
    const demoted = connect(resources, server, id, { session: 's1' });
    const other = connect(resources, server, id, { session: 's2' });
    const denied: string[] = [];
    demoted.messageHandlers[MessageType.Auth] = (_encoder, decoder) => {
      readAuthMessage(decoder, demoted.doc, (_doc, reason) => denied.push(reason));
    };
    await Promise.all([whenSynced(demoted), whenSynced(other)]);
    table.roles.set('s1', 'viewer');
    await server.sync.revalidate();
    demoted.doc.getMap('cards').set('c1', 'after demotion');
    await vi.waitFor(() => expect(denied).toEqual(['a viewer cannot edit this board']));
    expect(other.doc.getMap('cards').has('c1')).toBe(false);
    expect(demoted.wsconnected).toBe(true);
  });

  it('notices a removal on its own within a few periods', async () => {
    const { table, server, id } = await setup(50);
    table.roles.set('s1', 'editor');
    const client = connect(resources, server, id, { session: 's1' });
    await whenSynced(client);
    const closed = closeCode(client);
    client.shouldConnect = false;
    table.roles.set('s1', 403);
    expect(await closed).toBe(CloseCode.Forbidden);
  });

  it('asks once per session and board however many sockets it has', async () => {
    const { table, server, id } = await setup();
    table.roles.set('s1', 'editor');
    const tabs = [1, 2, 3].map(() => connect(resources, server, id, { session: 's1' }));
    await Promise.all(tabs.map(whenSynced));
    const before = table.calls();
    await server.sync.revalidate();
    expect(table.calls() - before).toBe(1);
  });
});
