import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { CloseCode } from '@journeyboard/protocol';
import { encodeSyncUpdate } from './messages.ts';
import type { AccessDecision, Role } from './options.ts';
import { roleWritePolicy } from './role-write-policy.ts';
import { concurrentValues } from './test/crafted-updates.ts';
import { LatencyProbe } from './test/latency-probe.ts';
import { openUpdateSocket, type StoreOutcome } from './test/update-socket.ts';
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

function roleFromQuery(req: IncomingMessage): Promise<AccessDecision> {
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const role = (params.get('role') ?? 'editor') as Role;
  return Promise.resolve({ ok: true, userId: params.get('user') ?? 'u1', role });
}

async function setup() {
  const dir = tempDir(resources);
  const storage = openTestStorage(resources, `${dir}/board.db`);
  const boards = [boardId('quiet'), boardId('target')] as const;
  for (const id of boards) await storage.boards.create({ id, title: id });
  const server = await startServer(resources, {
    storage,
    noAuth: false,
    authorize: roleFromQuery,
    writePolicy: roleWritePolicy,
  });
  return { storage, server, quiet: boards[0], target: boards[1] };
}

/** Another board's two clients, stamping and reading updates. */
async function probeBoard(server: TestServer, board: string): Promise<LatencyProbe> {
  const writer = connect(resources, server, board, { role: 'editor' });
  const reader = connect(resources, server, board, { role: 'viewer' });
  await Promise.all([whenSynced(writer), whenSynced(reader)]);
  const probe = resources.add(new LatencyProbe(writer, reader), (p) => p.stop());
  await vi.waitFor(() => expect(probe.received).toBeGreaterThan(5));
  return probe;
}

/** Sends one update over a raw socket as `role` and reports how the server closed it. */
function sendUpdate(
  server: TestServer,
  board: string,
  role: Role,
  update: Uint8Array,
): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${server.url}/${board}?role=${role}`);
    resources.add(ws, (s) => s.terminate());
    ws.on('error', () => {});
    ws.on('open', () => ws.send(encodeSyncUpdate(update)));
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

describe('update structure limits (issue 15.1)', () => {
  it.each([30_000, 50_000])(
    'refuses a commenter update of %i concurrent values while another board stays live',
    async (count) => {
      const { server, quiet, target } = await setup();
      const update = concurrentValues({ root: 'comments', key: 'x', count });
      expect(update.length).toBeGreaterThan(500_000);
      const probe = await probeBoard(server, quiet);

      const closed = await sendUpdate(server, target, 'commenter', update);
      const seen = probe.received;
      await vi.waitFor(() => expect(probe.received).toBeGreaterThan(seen + 5));

      expect(closed.code).toBe(CloseCode.UpdateTooComplex);
      expect(closed.reason).toMatch(/client ids|concurrent/);
      expect(probe.worstMs).toBeLessThan(100);
      const fresh = connect(resources, server, target, { role: 'viewer' });
      await whenSynced(fresh);
      expect(fresh.doc.getMap('comments').size).toBe(0);
    },
    30_000,
  );

  it('refuses many concurrent values from few client ids', async () => {
    const { server, target } = await setup();
    const update = concurrentValues({ root: 'comments', key: 'x', count: 500 });
    const closed = await sendUpdate(server, target, 'commenter', update);
    expect(closed).toEqual({
      code: CloseCode.UpdateTooComplex,
      reason: 'more than 100 concurrent items at one place',
    });
  });

  it('refuses concurrent values that add up over many updates on one key', async () => {
    const { server, target } = await setup();
    const attacker = await openUpdateSocket(resources, server, target, '?role=commenter');
    let outcome: StoreOutcome = 'stored';
    let rounds = 0;
    while (outcome === 'stored' && rounds < 100) {
      const firstClient = 2_000_000 + rounds * 100;
      outcome = await attacker.store(
        concurrentValues({ root: 'comments', key: 'x', count: 99, firstClient }),
      );
      rounds++;
    }
    const refusal = outcome === 'stored' ? null : outcome.code;
    expect([CloseCode.UpdateTooComplex, CloseCode.RateLimited]).toContain(refusal);
    expect(rounds).toBeLessThan(60);
  }, 20_000);
});
