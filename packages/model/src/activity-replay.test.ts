import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardDigest, diffDigests } from './activity.ts';
import { ActivityReplay } from './activity-replay.ts';
import { richBoard } from './board-fixture.ts';
import { addCard, deleteCard, moveCard, setCardText } from './cards.ts';
import { setMission, setTitle } from './meta.ts';
import { readBoard } from './read.ts';
import { renameStage } from './stages.ts';
import { alice } from './testing.ts';

/** Each edit's update, as the log stores them. */
function recordUpdates(doc: Y.Doc, edits: (() => void)[]): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const onUpdate = (update: Uint8Array) => updates.push(update);
  doc.on('update', onUpdate);
  for (const edit of edits) edit();
  doc.off('update', onUpdate);
  return updates;
}

describe('ActivityReplay', () => {
  it('says per entry exactly what a whole-board diff says', () => {
    const source = richBoard();
    const start = Y.encodeStateAsUpdate(source);
    const b = readBoard(source);
    let card = '';
    const updates = recordUpdates(source, [
      () => {
        card = addCard(
          source,
          { laneId: b.lanes[0]!.id, stageId: b.stages[0]!.id, text: 'Pays' },
          alice,
        );
      },
      () => setCardText(source, card, 'Pays by card', alice),
      () => moveCard(source, card, { laneId: b.lanes[1]!.id, stageId: b.stages[2]!.id }, alice),
      () => renameStage(source, b.stages[2]!.id, 'Checkout', alice),
      () => setTitle(source, 'Paying', alice),
      () => setMission(source, 'Pay in one step.', alice),
      () => deleteCard(source, card, alice),
    ]);

    const replayed = new Y.Doc();
    Y.applyUpdate(replayed, start);
    const replay = new ActivityReplay(replayed);
    const whole = new Y.Doc();
    Y.applyUpdate(whole, start);
    let before = boardDigest(whole);
    for (const update of updates) {
      Y.applyUpdate(whole, update);
      const after = boardDigest(whole);
      const expected = diffDigests(before, after);
      before = after;
      expect(expected.length).toBeGreaterThan(0);
      expect(replay.apply(update)).toEqual(expected);
    }
  });

  it('costs what an entry changed, not the size of the board', () => {
    const doc = richBoard();
    const b = readBoard(doc);
    const replayed = new Y.Doc();
    Y.applyUpdate(replayed, Y.encodeStateAsUpdate(doc));
    const replay = new ActivityReplay(replayed);
    const many = recordUpdates(doc, [
      () =>
        doc.transact(() => {
          for (let i = 0; i < 1_000; i++) {
            const [lane, stage] = [b.lanes[i % b.lanes.length]!, b.stages[i % b.stages.length]!];
            addCard(doc, { laneId: lane.id, stageId: stage.id, text: `Card ${i}` }, alice);
          }
        }),
    ]);
    expect(replay.apply(many[0]!)).toHaveLength(1_000);
    const whole = new Y.Doc();
    Y.applyUpdate(whole, Y.encodeStateAsUpdate(doc));
    const card = readBoard(doc).cards[0]!.id;
    const edits = recordUpdates(
      doc,
      Array.from({ length: 100 }, (_, i) => () => setCardText(doc, card, `Edit ${i}`, alice)),
    );

    let started = performance.now();
    for (const edit of edits) expect(replay.apply(edit)).toHaveLength(1);
    const incremental = performance.now() - started;
    started = performance.now();
    let before = boardDigest(whole);
    for (const edit of edits) {
      Y.applyUpdate(whole, edit);
      const after = boardDigest(whole);
      expect(diffDigests(before, after)).toHaveLength(1);
      before = after;
    }
    const wholeBoard = performance.now() - started;
    // Compared with the same edits on the same machine, not a fixed budget: CI speeds vary.
    expect(incremental * 5).toBeLessThan(wholeBoard);
  }, 30_000);
});
