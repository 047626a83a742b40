import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { setTitle } from '@journeyboard/model';
import { createSqliteStorage, type Storage } from '@journeyboard/storage';
import { exportBoard } from '../export/test-board.ts';
import { renderBoardActivity, renderBoardExport } from './board-renders.ts';

// Starting a worker thread and loading the export code in it takes seconds on a busy machine.
describe('renders in worker threads, cached by board version', { timeout: 60_000 }, () => {
  let dir: string;
  let storage: Storage;
  let boardId: string;
  let userId: string;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jb-renders-'));
    storage = createSqliteStorage({ file: path.join(dir, 'board.db') });
    const user = await storage.users.create({
      id: crypto.randomUUID(),
      email: `ada-${crypto.randomUUID()}@example.com`,
      displayName: 'Ada Lovelace',
      colour: '#6366f1',
      passwordHash: 'x',
    });
    userId = user.id;
    boardId = (await storage.boards.create({ id: 'renders-board-01', title: 'Checkout' })).id;
    await storage.members.add(boardId, userId, 'owner');
    await storage.updates.append(boardId, [Y.encodeStateAsUpdate(exportBoard())], [userId]);
  });

  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders an export in a worker and reuses it until the board changes', async () => {
    const first = await renderBoardExport(storage, boardId, 'svg');
    expect(first.type).toBe('image/svg+xml');
    expect(String(first.body)).toContain('Checkout &lt;journey&gt;');
    expect(await renderBoardExport(storage, boardId, 'svg')).toBe(first);

    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates((await storage.updates.load(boardId)).map((e) => e.bytes)));
    doc.on('update', (update: Uint8Array) => void storage.updates.append(boardId, [update]));
    setTitle(doc, 'Renamed journey', { userId });
    await expect.poll(() => storage.updates.count(boardId)).toBe(2);
    const second = await renderBoardExport(storage, boardId, 'svg');
    expect(second).not.toBe(first);
    expect(String(second.body)).toContain('Renamed journey');
  });

  it('replays the activity feed in a worker, naming the author', async () => {
    const items = await renderBoardActivity(storage, boardId);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.authorName === 'Ada Lovelace')).toBe(true);
    expect(items.some((item) => item.verb === 'added' && item.subject === 'card')).toBe(true);
  });
});
