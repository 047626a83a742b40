import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { messageAuth, messageAwareness, messageSync, WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MessageType, SyncStep } from '@journeyboard/protocol';
import { createSqliteStorage } from '@journeyboard/storage';
import { createSyncServer } from '@journeyboard/sync';
import { onServerSync, reconnectWithJitter, sendSyncStep1 } from './provider-seam.ts';

/**
 * Contract tests of the y-websocket provider: the behaviour `provider-seam.ts` relies on,
 * against the real provider in Node and the real sync server on 127.0.0.1. When an
 * upgrade of y-websocket breaks one of these, re-read the seam before bumping the pinned
 * version in `pnpm-workspace.yaml`.
 */

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.reverse().splice(0)) await close();
});

async function startSyncServer() {
  const dir = mkdtempSync(path.join(tmpdir(), 'jb-provider-seam-'));
  const storage = createSqliteStorage({ file: path.join(dir, 'board.db') });
  const sync = createSyncServer({ storage, noAuth: true });
  const http = createServer();
  sync.attach(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await sync.close();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  };
  closers.push(() => rmSync(dir, { recursive: true, force: true }));
  closers.push(() => storage.close());
  closers.push(stop);
  return { url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}/sync`, stop };
}

let boards = 0;
function open(url: string, board = `seam-${process.pid}-${++boards}`, connect = true) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, board, doc, { disableBc: true, connect });
  closers.push(() => {
    provider.destroy();
    doc.destroy();
  });
  return { provider, doc, board };
}

function synced(provider: WebsocketProvider): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve) => provider.once('sync', () => resolve()));
}

/** Every 'connecting' the provider reports: each is an attempt to open a socket. */
function countAttempts(provider: WebsocketProvider): { count: number } {
  const attempts = { count: 0 };
  provider.on('status', ({ status }) => {
    if (status === 'connecting') attempts.count++;
  });
  return attempts;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('y-websocket contract: message types', () => {
  it('are the numbers our protocol names', () => {
    expect([messageSync, messageAwareness, messageAuth]).toEqual([
      MessageType.Sync,
      MessageType.Awareness,
      MessageType.Auth,
    ]);
  });
});

describe('y-websocket contract: the sync handler we wrap (onServerSync)', () => {
  it('reports the server step 1 with its state vector, then step 2, and the provider still syncs', async () => {
    const server = await startSyncServer();
    const writer = open(server.url);
    writer.doc.getMap('m').set('held', 1);
    await synced(writer.provider);

    // Made before connecting: only the reply to the server's step 1 can deliver it.
    const reader = open(server.url, writer.board, false);
    reader.doc.getMap('m').set('offline', 2);
    const seen: { step: number; clients: number | null }[] = [];
    onServerSync(reader.provider, (step, serverState) =>
      seen.push({ step, clients: serverState?.size ?? null }),
    );
    reader.provider.connect();
    await synced(reader.provider);

    expect(reader.doc.getMap('m').get('held')).toBe(1);
    expect(seen).toContainEqual({ step: SyncStep.Step1, clients: 1 });
    expect(seen).toContainEqual({ step: SyncStep.Step2, clients: null });
    await vi.waitFor(() => expect(writer.doc.getMap('m').get('offline')).toBe(2));
  });

  it('does not report sync messages from other tabs (BroadcastChannel), and still applies them', async () => {
    const server = await startSyncServer();
    const board = `seam-bc-${process.pid}-${++boards}`;
    const doc = new Y.Doc();
    const tab = new WebsocketProvider(server.url, board, doc);
    closers.push(() => {
      tab.destroy();
      doc.destroy();
    });
    await synced(tab);
    let reported = 0;
    onServerSync(tab, () => reported++);

    const otherDoc = new Y.Doc();
    otherDoc.getMap('m').set('from-tab', 3);
    const other = new WebsocketProvider(server.url, board, otherDoc, { connect: false });
    closers.push(() => {
      other.destroy();
      otherDoc.destroy();
    });
    other.connectBc();

    await vi.waitFor(() => expect(doc.getMap('m').get('from-tab')).toBe(3));
    expect(reported).toBe(0);
  });
});

describe('y-websocket contract: a hand-framed step 1 (sendSyncStep1)', () => {
  it('is answered with a step 2 once the server holds the updates sent before it', async () => {
    const server = await startSyncServer();
    const editor = open(server.url);
    await synced(editor.provider);
    const steps: number[] = [];
    onServerSync(editor.provider, (step) => steps.push(step));

    editor.doc.getMap('m').set('edit', 1);
    expect(sendSyncStep1(editor.provider)).toBe(true);
    await vi.waitFor(() => expect(steps).toEqual([SyncStep.Step2]));

    const other = open(server.url, editor.board);
    await synced(other.provider);
    expect(other.doc.getMap('m').get('edit')).toBe(1);
  });

  it('is not sent without an open socket', async () => {
    const server = await startSyncServer();
    const { provider } = open(server.url, undefined, false);
    expect(sendSyncStep1(provider)).toBe(false);
  });
});

describe('y-websocket contract: jittered reconnects (reconnectWithJitter)', () => {
  // After one failure the jitter bound is 2 × base; random() = 1 waits all of it.
  const JITTER = { baseMs: 600, maxMs: 10_000, random: () => 1 };
  const OUR_RETRY_MS = 2 * JITTER.baseMs;
  /** The stock provider retries 200 ms after the first failure. */
  const AFTER_STOCK_RETRY_MS = 700;

  function closed(provider: WebsocketProvider): Promise<number> {
    return new Promise((resolve) =>
      provider.once('connection-close', () => resolve(performance.now())),
    );
  }
  const sleepUntil = (at: number) => sleep(Math.max(0, at - performance.now()));

  it('the stock retry is turned off, and ours comes after the jittered wait', async () => {
    const server = await startSyncServer();
    const { provider } = open(server.url);
    reconnectWithJitter(provider, JITTER);
    await synced(provider);
    const attempts = countAttempts(provider);
    const closedAt = closed(provider);

    await server.stop();
    await sleepUntil((await closedAt) + AFTER_STOCK_RETRY_MS);
    expect(attempts.count).toBe(0);
    expect(provider.wsUnsuccessfulReconnects).toBe(1);
    await vi.waitFor(() => expect(attempts.count).toBeGreaterThan(0), { timeout: 3_000 });
  });

  it('a deliberate disconnect, or destroy, drops the retry that was waiting', async () => {
    const server = await startSyncServer();
    const left = open(server.url);
    const destroyed = open(server.url);
    for (const { provider } of [left, destroyed]) {
      reconnectWithJitter(provider, JITTER);
      await synced(provider);
    }
    const closedAt = Promise.all([closed(left.provider), closed(destroyed.provider)]);

    await server.stop();
    await closedAt;
    left.provider.disconnect();
    destroyed.provider.destroy();
    await sleep(OUR_RETRY_MS + 500);
    // Each attempt, failed against the stopped server, would have counted one more.
    expect(left.provider.wsUnsuccessfulReconnects).toBe(1);
    expect(destroyed.provider.wsUnsuccessfulReconnects).toBe(1);
    expect(left.provider.shouldConnect).toBe(false);
  });
});
