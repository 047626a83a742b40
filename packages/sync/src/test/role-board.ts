import type { IncomingMessage } from 'node:http';
import { readAuthMessage } from 'y-protocols/auth';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MessageType } from '@journeyboard/protocol';
import { roleWritePolicy } from '../role-write-policy.ts';
import type { AccessDecision, Role } from '../options.ts';
import { Resources, boardId, openTestStorage, startServer, tempDir } from './helpers.ts';

/** The socket's user is named after its role: `?role=commenter` is user "commenter". */
export function authorizeByRole(req: IncomingMessage): Promise<AccessDecision> {
  const role = new URL(req.url ?? '/', 'http://x').searchParams.get('role') ?? 'editor';
  return Promise.resolve({ ok: true, userId: role, role: role as Role });
}

/** Collects the permission-denied reasons the server sends this provider. */
export function denials(provider: WebsocketProvider): string[] {
  const reasons: string[] = [];
  provider.messageHandlers[MessageType.Auth] = (_encoder, decoder) => {
    readAuthMessage(decoder, provider.doc, (_doc, reason) => reasons.push(reason));
  };
  return reasons;
}

/** A live server judging writes by role, with one board; `stored()` reads it back. */
export async function roleBoard(resources: Resources, title: string) {
  const storage = openTestStorage(resources, `${tempDir(resources)}/board.db`);
  const server = await startServer(resources, {
    storage,
    noAuth: false,
    authorize: authorizeByRole,
    writePolicy: roleWritePolicy,
  });
  const id = boardId();
  await storage.boards.create({ id, title });
  const stored = async () => {
    const doc = new Y.Doc();
    for (const entry of await storage.updates.load(id)) Y.applyUpdate(doc, entry.bytes);
    return doc;
  };
  return { storage, server, id, stored };
}
