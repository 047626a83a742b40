import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { MessageType, SyncStep } from '@journeyboard/protocol';
import { Resources, boardId, openTestStorage, startServer, tempDir } from './test/helpers.ts';

const resources = new Resources();
afterEach(() => resources.closeAll());

function syncMessage(step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** The sync step of a server message, or null for anything else (awareness). */
function syncStepOf(data: Uint8Array): number | null {
  const decoder = decoding.createDecoder(data);
  if (decoding.readVarUint(decoder) !== MessageType.Sync) return null;
  return decoding.readVarUint(decoder);
}

describe('the answer that clients read as "saved"', () => {
  it('answers a step 1 sent after an update only once that update is durable', async () => {
    const storage = openTestStorage(resources, `${tempDir(resources)}/board.db`);
    const server = await startServer(resources, { storage });
    const board = boardId();

    // A slow disk: appends wait until the test lets them through. Asynchronous, as on
    // PostgreSQL: SQLite's synchronous append is durable before anything else runs.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    delete storage.updates.appendNow;
    const append = storage.updates.append.bind(storage.updates);
    storage.updates.append = async (...args) => {
      await gate;
      return append(...args);
    };

    const socket = new WebSocket(`${server.url}/${board}`);
    resources.add(socket, (s) => s.terminate());
    const steps: number[] = [];
    socket.on('message', (data: Buffer) => {
      const step = syncStepOf(new Uint8Array(data));
      if (step !== null) steps.push(step);
    });
    // The server opens with its own step 1 once the board is loaded.
    await vi.waitFor(() => expect(steps).toContain(SyncStep.Step1));

    const doc = new Y.Doc();
    doc.getMap('cards').set('c1', 'typed just now');
    socket.send(syncMessage(SyncStep.Update, Y.encodeStateAsUpdate(doc)));
    socket.send(syncMessage(SyncStep.Step1, Y.encodeStateVector(doc)));

    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(steps).not.toContain(SyncStep.Step2);

    release();
    await vi.waitFor(() => expect(steps).toContain(SyncStep.Step2));
    const stored = new Y.Doc();
    for (const entry of await storage.updates.load(board)) Y.applyUpdate(stored, entry.bytes);
    expect(stored.getMap('cards').get('c1')).toBe('typed just now');
  });

  it('answers at once a socket that has sent no update', async () => {
    const storage = openTestStorage(resources, `${tempDir(resources)}/board.db`);
    const server = await startServer(resources, { storage });
    const socket = new WebSocket(`${server.url}/${boardId()}`);
    resources.add(socket, (s) => s.terminate());
    const steps: number[] = [];
    socket.on('message', (data: Buffer) => {
      const step = syncStepOf(new Uint8Array(data));
      if (step !== null) steps.push(step);
    });
    await vi.waitFor(() => expect(steps).toContain(SyncStep.Step1));
    socket.send(syncMessage(SyncStep.Step1, Y.encodeStateVector(new Y.Doc())));
    await vi.waitFor(() => expect(steps).toContain(SyncStep.Step2));
  });
});
