import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { addCard, addStage, readBoard, setCardText, setTitle } from '@journeyboard/model';
import { SQLITE_FILE_NAME, createSqliteStorage } from '@journeyboard/storage';
import { HttpClient, openProvider, whenSynced } from './auth-helpers.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

const CARDS = 6_000;
const EDITS = 350;
const actor = { userId: 'seed' };

/** Writes a 6,000-card board (about 0.9 MB) and a few hundred single edits through the socket. */
function seedLargeBoard(doc: Y.Doc): void {
  for (let i = 0; i < 20; i++) addStage(doc, { name: `Stage ${i + 1}` }, actor);
  const { lanes, stages } = readBoard(doc);
  const cells = lanes
    .filter((l) => l.kind !== 'emotion')
    .flatMap((lane) => stages.map((stage) => ({ laneId: lane.id, stageId: stage.id })));
  const text = 'The customer cannot find where to change the delivery address and calls support';
  const perTransaction = 500;
  for (let start = 0; start < CARDS; start += perTransaction) {
    doc.transact(() => {
      for (let i = start; i < start + perTransaction; i++) {
        addCard(doc, { ...cells[i % cells.length]!, text: `${i} ${text} ${i}` }, actor);
      }
    });
  }
  const card = readBoard(doc).cards[0]!.id;
  for (let i = 0; i < EDITS; i++) setCardText(doc, card, `Edited ${i} times`, actor);
}

describe('exports and the activity feed run off the event loop', () => {
  let dataDir: string;
  let server: WebServer;
  let owner: HttpClient;
  const providers: WebsocketProvider[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-render-'));
    server = await startWebServer({ dataDir });
    owner = new HttpClient(server.url);
    await owner.signUp('Olga');
  });

  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const connect = async (boardId: string) => {
    const provider = openProvider(server.url, boardId, owner.cookie);
    providers.push(provider);
    await whenSynced(provider);
    return provider;
  };

  it("keeps another board's updates under 100 ms while a 6,000-card PNG and feed render", async () => {
    const large = await owner.createBoard('Large journey', 'starter');
    const seeder = await connect(large);
    seedLargeBoard(seeder.doc);
    // Wait until the server has stored the last edit: the feed replays the stored log.
    const storage = createSqliteStorage({ file: path.join(dataDir, SQLITE_FILE_NAME) });
    try {
      await vi.waitFor(
        async () => {
          const stored = new Y.Doc();
          const entries = await storage.updates.load(large);
          Y.applyUpdate(stored, Y.mergeUpdates(entries.map((entry) => entry.bytes)));
          expect(readBoard(stored).cards.map((card) => card.text)).toContain(
            `Edited ${EDITS - 1} times`,
          );
        },
        { timeout: 60_000, interval: 500 },
      );
    } finally {
      await storage.close();
    }

    const other = await owner.createBoard('Other journey', 'starter');
    const writer = await connect(other);
    const reader = await connect(other);
    const latencies: number[] = [];
    // The title is shared text: an edit changes the text inside it, not the meta key.
    reader.doc.getMap('meta').observeDeep(() => {
      const sentAt = Number(readBoard(reader.doc).title.split(' ').at(-1));
      if (Number.isFinite(sentAt)) latencies.push(Date.now() - sentAt);
    });
    const ticker = setInterval(() => setTitle(writer.doc, `Probe ${Date.now()}`, actor), 20);
    try {
      await vi.waitFor(() => expect(latencies.length).toBeGreaterThan(5));
      latencies.length = 0;
      const started = performance.now();
      const get = (what: string) =>
        fetch(`${server.url}/b/${large}/${what}`, { headers: { cookie: owner.cookie } });
      const [png, activity] = await Promise.all([get('export/png'), get('activity')]).catch(
        (cause: unknown) => {
          throw new Error(`the server failed:\n${server.output().slice(-3000)}`, { cause });
        },
      );
      const renderMs = performance.now() - started;
      // p99, not the maximum: on a shared CI machine the OS alone can delay a rare probe.
      // Rendering on the event loop delays every probe during the render, by seconds.
      const sorted = [...latencies].sort((a, b) => a - b);
      const p99 = sorted[Math.floor(sorted.length * 0.99)]!;
      const summary = `p99 ${p99} ms, slowest ${sorted.slice(-5).join(', ')} ms of ${sorted.length}, render ${Math.round(renderMs)} ms`;
      expect(p99, summary).toBeLessThan(100);
      expect(sorted.at(-1)!, summary).toBeLessThan(1_000);
      // Probes kept flowing the whole time (one every 20 ms, a third of them at least).
      expect(latencies.length, summary).toBeGreaterThan(renderMs / 20 / 3);
      expect(png.status, server.output().slice(-2000)).toBe(200);
      expect(png.headers.get('content-type')).toBe('image/png');
      expect((await png.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
      expect(activity.status).toBe(200);
      const { items } = (await activity.json()) as { items: { verb: string }[] };
      expect(items.length).toBeGreaterThan(0);
    } finally {
      clearInterval(ticker);
    }
  }, 600_000);
});
