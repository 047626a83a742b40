import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardDigest, diffDigests } from './activity.ts';
import { addCard, deleteCard, moveCard, setCardText } from './cards.ts';
import { readBoard } from './read.ts';
import { renameStage } from './stages.ts';
import { applyTemplate } from './templates.ts';
import { alice } from './testing.ts';

function board() {
  const doc = new Y.Doc();
  applyTemplate(doc, 'starter', alice, { title: 'Journey' });
  return { doc, board: readBoard(doc) };
}

describe('activity digests', () => {
  it('names added, moved, edited, renamed and deleted things, with where cards went', () => {
    const { doc, board: b } = board();
    let before = boardDigest(doc);
    const step = () => {
      const after = boardDigest(doc);
      const changes = diffDigests(before, after);
      before = after;
      return changes;
    };
    const card = addCard(
      doc,
      { laneId: b.lanes[0]!.id, stageId: b.stages[0]!.id, text: 'Signs up' },
      alice,
    );
    expect(step()).toEqual([
      {
        verb: 'added',
        subject: 'card',
        id: card,
        label: 'Signs up',
        where: 'Awareness · Customer actions',
      },
    ]);
    moveCard(doc, card, { laneId: b.lanes[0]!.id, stageId: b.stages[1]!.id }, alice);
    expect(step()).toEqual([
      {
        verb: 'moved',
        subject: 'card',
        id: card,
        label: 'Signs up',
        where: 'Onboarding · Customer actions',
      },
    ]);
    setCardText(doc, card, 'Signs up with SSO', alice);
    expect(step()).toEqual([
      { verb: 'edited', subject: 'card', id: card, label: 'Signs up with SSO' },
    ]);
    renameStage(doc, b.stages[1]!.id, 'Setup', alice);
    expect(step()).toEqual([
      { verb: 'renamed', subject: 'stage', id: b.stages[1]!.id, label: 'Setup' },
    ]);
    deleteCard(doc, card, alice);
    expect(step()).toEqual([
      { verb: 'deleted', subject: 'card', id: card, label: 'Signs up with SSO' },
    ]);
    expect(step()).toEqual([]);
  });

  it('shortens long labels to one line', () => {
    const { doc, board: b } = board();
    const before = boardDigest(doc);
    addCard(
      doc,
      { laneId: b.lanes[0]!.id, stageId: b.stages[0]!.id, text: `line\n${'x'.repeat(100)}` },
      alice,
    );
    const [change] = diffDigests(before, boardDigest(doc));
    expect(change!.label).toHaveLength(60);
    expect(change!.label.startsWith('line x')).toBe(true);
    expect(change!.label.endsWith('…')).toBe(true);
  });
});
