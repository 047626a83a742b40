import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '@journeyboard/protocol';
import type { SyncLimits } from './options.ts';
import {
  Resources,
  boardId,
  connect,
  openTestStorage,
  startServer,
  tempDir,
  whenSynced,
} from './test/helpers.ts';
import { openUpdateSocket, type StoreOutcome } from './test/update-socket.ts';

const resources = new Resources();
afterEach(() => resources.closeAll());

/** 20 KB of new card text from one client, as an editor pasting would send. */
function paste(doc: Y.Doc, index: number): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.getMap('cards').set(`card-${index}`, 'x'.repeat(20_000));
  return Y.encodeStateAsUpdate(doc, before);
}

async function fillBoard(limits: Partial<SyncLimits>) {
  const storage = openTestStorage(resources, `${tempDir(resources)}/board.db`);
  const server = await startServer(resources, { storage, limits });
  const board = boardId();
  const editor = await openUpdateSocket(resources, server, board);
  const doc = new Y.Doc();
  let outcome: StoreOutcome = 'stored';
  let stored = 0;
  while (outcome === 'stored' && stored < 100) {
    outcome = await editor.store(paste(doc, stored));
    if (outcome === 'stored') stored++;
  }
  return { storage, server, board, outcome, stored };
}

describe('per-board size and growth limits (issue 15.10)', () => {
  it('refuses edits past the board size limit with a clear reason, keeping what was saved', async () => {
    const { server, board, outcome, stored } = await fillBoard({ maxBoardBytes: 200_000 });

    expect(outcome).toEqual({
      code: CloseCode.BoardTooLarge,
      reason: 'board is full (195 KB): changes not saved',
    });
    expect(stored).toBe(9);
    const reader = connect(resources, server, board);
    await whenSynced(reader);
    expect(reader.doc.getMap('cards').size).toBe(stored);
  }, 15_000);

  it('refuses a board growing faster than its limit', async () => {
    const { outcome, stored } = await fillBoard({ boardGrowthBytesPerMinute: 100_000 });

    expect(outcome).toEqual({
      code: CloseCode.RateLimited,
      reason: 'board growing faster than 98 KB a minute',
    });
    // 100 KB at once, and the bucket refills by 1.7 KB a second while the test runs.
    expect(stored).toBeGreaterThanOrEqual(4);
    expect(stored).toBeLessThanOrEqual(5);
  }, 15_000);

  it('counts what is already stored when the board loads', async () => {
    const first = await fillBoard({ maxBoardBytes: 200_000 });
    const server = await startServer(resources, {
      storage: first.storage,
      limits: { maxBoardBytes: 200_000 },
    });
    const again = await openUpdateSocket(resources, server, first.board);
    expect(await again.store(paste(new Y.Doc(), 99))).toMatchObject({
      code: CloseCode.BoardTooLarge,
    });
  }, 15_000);
});
