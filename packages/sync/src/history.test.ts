import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  applyTemplate,
  readBoard,
  renameStage,
  restoreVersion,
  setCardText,
  undoScope,
  type Actor,
} from '@journeyboard/model';
import type { AccessDecision } from './options.ts';
import {
  Resources,
  boardId,
  connect,
  openTestStorage,
  startServer,
  tempDir,
  whenSynced,
} from './test/helpers.ts';

const resources = new Resources();
afterEach(() => resources.closeAll());

const DAY = 24 * 60 * 60 * 1000;

function authorizeFromQuery(req: IncomingMessage): Promise<AccessDecision> {
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  return Promise.resolve({ ok: true, userId: params.get('user') ?? 'u1', role: 'editor' });
}

/** A server with auth (so connections carry a user) and one seeded starter board. */
async function setup(compactAfterUpdates?: number) {
  const dir = tempDir(resources);
  const storage = openTestStorage(resources, `${dir}/board.db`);
  const server = await startServer(resources, {
    storage,
    noAuth: false,
    authorize: authorizeFromQuery,
    ...(compactAfterUpdates === undefined ? {} : { compactAfterUpdates }),
  });
  const id = boardId();
  await storage.boards.create({ id, title: 'Journey' });
  const seed = new Y.Doc();
  applyTemplate(seed, 'starter', { userId: 'ada' }, { title: 'Journey' });
  await storage.updates.append(id, [Y.encodeStateAsUpdate(seed)]);
  return { storage, server, id };
}

async function storedState(storage: ReturnType<typeof openTestStorage>, id: string) {
  const entries = await storage.updates.load(id);
  return Y.mergeUpdates(entries.map((e) => e.bytes));
}

function docOf(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

describe('history through the sync server', () => {
  it('stores who sent each update', async () => {
    const { storage, server, id } = await setup();
    const ada = connect(resources, server, id, { user: 'ada' });
    const bo = connect(resources, server, id, { user: 'bo' });
    await Promise.all([whenSynced(ada), whenSynced(bo)]);
    const board = readBoard(ada.doc);
    addCard(
      ada.doc,
      { laneId: board.lanes[0]!.id, stageId: board.stages[0]!.id },
      { userId: 'ada' },
    );
    await vi.waitFor(() => expect(readBoard(bo.doc).cards).toHaveLength(1));
    renameStage(bo.doc, board.stages[0]!.id, 'Discovery', { userId: 'bo' });
    await vi.waitFor(async () => {
      const authors = (await storage.updates.loadAttributed(id)).map((e) => e.author);
      expect(authors).toEqual([null, 'ada', 'bo']);
    });
  });

  it('keeps the newest entries, with their authors, when compacting the log', async () => {
    const { storage, server, id } = await setup(8);
    const ada = connect(resources, server, id, { user: 'ada' });
    await whenSynced(ada);
    const board = readBoard(ada.doc);
    // 27 appends after the seed: compaction without a kept tail would leave only the last
    // three with an author.
    for (let i = 0; i < 27; i++) {
      addCard(
        ada.doc,
        { laneId: board.lanes[0]!.id, stageId: board.stages[0]!.id },
        { userId: 'ada' },
      );
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await vi.waitFor(async () => {
      const entries = await storage.updates.loadAttributed(id);
      expect(entries.length).toBeLessThanOrEqual(9);
      expect(entries.filter((e) => e.author === 'ada').length).toBeGreaterThanOrEqual(4);
      expect(readBoard(docOf(Y.mergeUpdates(entries.map((e) => e.bytes)))).cards).toHaveLength(27);
    });
  });

  it('restores a version under concurrent edits, live for everyone, and undoes it', async () => {
    const { storage, server, id } = await setup();
    const ada = connect(resources, server, id, { user: 'ada' });
    const bo = connect(resources, server, id, { user: 'bo' });
    await Promise.all([whenSynced(ada), whenSynced(bo)]);
    const adaActor: Actor = { userId: 'ada' };
    const boActor: Actor = { userId: 'bo' };
    const board = readBoard(ada.doc);
    const lane = board.lanes[0]!.id;
    const kept = addCard(
      ada.doc,
      { laneId: lane, stageId: board.stages[0]!.id, text: 'Kept' },
      adaActor,
    );
    await vi.waitFor(async () =>
      expect(readBoard(docOf(await storedState(storage, id))).cards).toHaveLength(1),
    );
    const version = docOf(await storedState(storage, id));

    // After the version: Bo rewrites the card and renames a stage; Ada adds a card.
    setCardText(bo.doc, kept, 'Rewritten by Bo', boActor);
    renameStage(bo.doc, board.stages[1]!.id, 'Renamed', boActor);
    addCard(ada.doc, { laneId: lane, stageId: board.stages[2]!.id, text: 'Later' }, adaActor);
    await vi.waitFor(() => expect(readBoard(ada.doc)).toEqual(readBoard(bo.doc)));
    const beforeRestore = readBoard(ada.doc);

    // Bo keeps editing while Ada restores: his new card is not part of the diff Ada saw.
    const undo = new Y.UndoManager([...undoScope(ada.doc)], {
      trackedOrigins: new Set([adaActor]),
    });
    const concurrent = addCard(
      bo.doc,
      { laneId: lane, stageId: board.stages[3]!.id, text: 'Concurrent' },
      boActor,
    );
    expect(restoreVersion(ada.doc, version, adaActor)).toBe(true);

    await vi.waitFor(() => {
      expect(readBoard(ada.doc)).toEqual(readBoard(bo.doc));
      expect(readBoard(bo.doc).cards.map((c) => c.id)).toContain(concurrent);
    });
    const restored = readBoard(bo.doc);
    expect(restored.cards.find((c) => c.id === kept)?.text).toBe('Kept');
    expect(restored.stages.map((s) => s.name)).toEqual(
      readBoard(version).stages.map((s) => s.name),
    );
    expect(restored.cards.map((c) => c.text).sort()).toEqual(['Concurrent', 'Kept']);

    undo.undo();
    await vi.waitFor(() => {
      const undone = readBoard(bo.doc);
      expect(undone.stages).toEqual(beforeRestore.stages);
      expect(undone.cards.map((c) => c.text).sort()).toEqual([
        'Concurrent',
        'Later',
        'Rewritten by Bo',
      ]);
      expect(readBoard(ada.doc)).toEqual(undone);
    });
  });

  it('keeps a daily snapshot of the state before the first change of the day', async () => {
    const { storage, server, id } = await setup();
    const before = await storedState(storage, id);
    await storage.snapshots.create({
      id: 'old',
      boardId: id,
      name: 'Daily',
      kind: 'auto',
      state: new Uint8Array([0, 0]),
      createdAt: Date.now() - DAY - 60_000,
    });
    const ada = connect(resources, server, id, { user: 'ada' });
    await whenSynced(ada);
    const board = readBoard(ada.doc);
    addCard(
      ada.doc,
      { laneId: board.lanes[0]!.id, stageId: board.stages[0]!.id },
      { userId: 'ada' },
    );
    await vi.waitFor(async () => expect(await storage.snapshots.list(id)).toHaveLength(2));
    const [daily] = await storage.snapshots.list(id);
    expect(daily).toMatchObject({ kind: 'auto', createdBy: null });
    expect(daily!.name).toMatch(/^Daily snapshot · /);
    const state = await storage.snapshots.getState(id, daily!.id);
    expect(readBoard(docOf(state!))).toEqual(readBoard(docOf(before)));

    // More changes the same day add no snapshot.
    addCard(
      ada.doc,
      { laneId: board.lanes[0]!.id, stageId: board.stages[1]!.id },
      { userId: 'ada' },
    );
    await vi.waitFor(async () => expect(await storage.updates.count(id)).toBeGreaterThanOrEqual(3));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await storage.snapshots.list(id)).toHaveLength(2);
  });
});
