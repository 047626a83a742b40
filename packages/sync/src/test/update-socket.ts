import WebSocket from 'ws';
import * as Y from 'yjs';
import { encodeSyncStep1, encodeSyncUpdate } from '../messages.ts';
import type { Resources, TestServer } from './helpers.ts';

export type StoreOutcome = 'stored' | { code: number; reason: string };

/**
 * A raw socket that sends updates and learns whether each was stored, or how the server
 * closed the connection: a step 1 after each update is answered once it is durable.
 */
export async function openUpdateSocket(
  resources: Resources,
  server: TestServer,
  board: string,
  params = '',
): Promise<{ store(update: Uint8Array): Promise<StoreOutcome> }> {
  const ws = new WebSocket(`${server.url}/${board}${params}`);
  resources.add(ws, (s) => s.terminate());
  ws.on('error', () => {});
  let settle: ((outcome: StoreOutcome) => void) | null = null;
  let closed: StoreOutcome | null = null;
  ws.on('message', (data: Buffer) => {
    // Sync step 2 (0, 1): the answer to our step 1.
    if (data[0] === 0 && data[1] === 1) settle?.('stored');
  });
  ws.on('close', (code, reason) => {
    closed = { code, reason: reason.toString() };
    settle?.(closed);
  });
  await new Promise((resolve) => ws.once('open', resolve));
  return {
    store(update) {
      if (closed) return Promise.resolve(closed);
      return new Promise<StoreOutcome>((resolve) => {
        settle = resolve;
        ws.send(encodeSyncUpdate(update));
        ws.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
      });
    },
  };
}
