import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, addStage, applyTemplate, exportBoardJson, readBoard } from '@journeyboard/model';
import { createSqliteStorage, type Storage } from '@journeyboard/storage';
import { applyLog } from '@journeyboard/sync';
import { importBoardFile } from './board-import.ts';
import { IMPORT_UPDATE_BYTES } from './render/import-job.ts';

const actor = { userId: 'exporter' };

/** A 2,600-card board as the app's JSON export writes it (about 600 KB). */
function largeBoard(): Y.Doc {
  const doc = new Y.Doc();
  applyTemplate(doc, 'starter', actor, { title: 'Big import' });
  for (let i = 0; i < 10; i++) addStage(doc, { name: `Step ${i + 1}` }, actor);
  const { lanes, stages } = readBoard(doc);
  const cells = lanes
    .filter((lane) => lane.kind !== 'emotion')
    .flatMap((lane) => stages.map((stage) => ({ laneId: lane.id, stageId: stage.id })));
  doc.transact(() => {
    for (let i = 0; i < 2_600; i++) {
      addCard(
        doc,
        { ...cells[i % cells.length]!, text: `Imported card ${i} about refunds` },
        actor,
      );
    }
  });
  return doc;
}

describe('importing a large board', () => {
  let dir: string;
  let storage: Storage;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jb-import-'));
    storage = createSqliteStorage({ file: path.join(dir, 'board.db') });
    await storage.users.create({
      id: 'ines',
      email: 'ines@example.com',
      displayName: 'Ines',
      colour: '#3d85c6',
      passwordHash: 'x',
    });
  });

  afterAll(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a 2,600-card board as several bounded updates that load back whole', async () => {
    const source = largeBoard();
    const file = JSON.stringify(exportBoardJson(source, new Date()), null, 2);
    expect(file.length).toBeGreaterThan(512 * 1024);
    const result = await importBoardFile(storage, {
      text: file,
      fileName: 'big.journeyboard.json',
      ownerId: 'ines',
    });
    if (!result.ok) throw new Error(result.message);

    const entries = await storage.updates.load(result.board.id);
    const sizes = entries.map((entry) => entry.bytes.byteLength);
    const total = sizes.reduce((sum, size) => sum + size, 0);
    console.log(
      `2,600-card import: ${entries.length} updates, largest ${Math.max(...sizes)} B, total ${total} B`,
    );
    expect(entries.length).toBeGreaterThan(1);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(IMPORT_UPDATE_BYTES);

    // Loaded as the sync server loads a board (each entry checked under its limits).
    const loaded = new Y.Doc();
    applyLog(loaded, entries);
    expect(readBoard(loaded).cards).toHaveLength(2_600);
    expect(readBoard(loaded).title).toBe('Big import (imported)');
    const [before, after] = [source, loaded].map((doc) => exportBoardJson(doc).board.maps);
    for (const name of ['cards', 'stages', 'lanes']) expect(after![name]).toEqual(before![name]);
    loaded.destroy();
    source.destroy();
  }, 120_000);
});
