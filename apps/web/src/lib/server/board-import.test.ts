import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, applyTemplate, exportBoardJson, readBoard } from '@journeyboard/model';
import { createSqliteStorage, type Storage } from '@journeyboard/storage';
import { applyLog } from '@journeyboard/sync';
import { importBoardFile } from './board-import.ts';
import { buildImport } from './render/import-job.ts';

/** A board file as the app's JSON export writes it, with `cards` cards. */
function boardFile(cards: number, title = 'Refunds'): string {
  const doc = new Y.Doc();
  applyTemplate(doc, 'starter', { userId: 'owner' }, { title });
  const board = readBoard(doc);
  const lanes = board.lanes.filter((l) => l.kind !== 'emotion' && l.kind !== 'kpis');
  const cells = lanes.flatMap((lane) => board.stages.map((stage) => [lane.id, stage.id] as const));
  doc.transact(() => {
    for (let i = 0; i < cards; i++) {
      const [laneId, stageId] = cells[i % cells.length]!;
      const text = `Imported card ${i}: customers ask about refunds and delivery times`;
      addCard(doc, { laneId, stageId, text }, { userId: 'owner' });
    }
  });
  return JSON.stringify(exportBoardJson(doc));
}

/** How long the event loop was busy (not waiting for I/O or the worker) during `run`. */
async function loopBusyMsWhile<T>(run: () => Promise<T>): Promise<[T, number]> {
  const before = performance.eventLoopUtilization();
  const result = await run();
  return [result, performance.eventLoopUtilization(before).active];
}

// Starting a worker thread and loading the model in it takes seconds on a busy machine.
describe('importing a board file (issue 15.1)', { timeout: 300_000 }, () => {
  let dir: string;
  let storage: Storage;
  let ownerId: string;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jb-import-'));
    storage = createSqliteStorage({ file: path.join(dir, 'board.db') });
    ownerId = crypto.randomUUID();
    await storage.users.create({
      id: ownerId,
      email: `owner-${ownerId}@example.com`,
      displayName: 'Owner',
      colour: '#6366f1',
      passwordHash: 'x',
    });
  });

  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds a large board off the event loop and stores all of it', async () => {
    // Warm the worker up, so what is measured is the import, not a thread starting.
    await importBoardFile(storage, { text: boardFile(1), fileName: 'warm.json', ownerId });
    const text = boardFile(5_000);
    // What building it on the event loop costs (as importing did before): the reference.
    const started = performance.now();
    buildImport({ kind: 'import', text, title: null, ownerId });
    const onLoopMs = performance.now() - started;

    const [result, busyMs] = await loopBusyMsWhile(() =>
      importBoardFile(storage, { text, fileName: 'big.json', ownerId }),
    );

    // In the worker, the loop only hands the text over, takes the state back and stores it.
    expect(busyMs).toBeLessThan(onLoopMs / 2);
    if (!result.ok) throw new Error(result.message);
    expect(result.board.title).toBe('Refunds (imported)');
    const doc = new Y.Doc();
    applyLog(doc, await storage.updates.load(result.board.id));
    expect(readBoard(doc).cards).toHaveLength(5_000);
  });

  it('answers a file that is not a board with the reason, from the worker', async () => {
    const result = await importBoardFile(storage, {
      text: '{"format":"something else"}',
      fileName: 'x.json',
      ownerId,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/^This file cannot be imported: /);
  });
});
