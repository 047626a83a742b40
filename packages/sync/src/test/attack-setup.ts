import type { IncomingMessage } from 'node:http';
import { expect, vi } from 'vitest';
import WebSocket from 'ws';
import { encodeSyncUpdate } from '../messages.ts';
import type { AccessDecision, Role } from '../options.ts';
import { roleWritePolicy } from '../role-write-policy.ts';
import {
  boardId,
  connect,
  openTestStorage,
  startServer,
  tempDir,
  whenSynced,
  type Resources,
  type TestServer,
} from './helpers.ts';
import { LatencyProbe } from './latency-probe.ts';

/** Role (and user) from `?role=` and `?user=`: an attacker picks its lowest writing role. */
function roleFromQuery(req: IncomingMessage): Promise<AccessDecision> {
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const role = (params.get('role') ?? 'editor') as Role;
  return Promise.resolve({ ok: true, userId: params.get('user') ?? 'u1', role });
}

/** A server with the real write policy and two boards: one attacked, one quiet. */
export async function startAttackServer(resources: Resources) {
  const storage = openTestStorage(resources, `${tempDir(resources)}/board.db`);
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

/** Another board's two clients, stamping and reading updates, already flowing. */
export async function probeBoard(
  resources: Resources,
  server: TestServer,
  board: string,
): Promise<LatencyProbe> {
  const writer = connect(resources, server, board, { role: 'editor' });
  const reader = connect(resources, server, board, { role: 'viewer' });
  await Promise.all([whenSynced(writer), whenSynced(reader)]);
  const probe = resources.add(new LatencyProbe(writer, reader), (p) => p.stop());
  await vi.waitFor(() => expect(probe.received).toBeGreaterThan(5));
  return probe;
}

/** Sends one update over a raw socket as `role` and reports how the server closed it. */
export function sendUpdate(
  resources: Resources,
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
