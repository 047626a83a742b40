import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decisionMaps } from './decisions-schema.ts';
import { T0, carol, decisionBoard } from './decisions-testing.ts';
import { acceptIdea, dismissIdea, readIdeas, submitIdea } from './ideas.ts';
import { readBoard } from './read.ts';
import { setStageKeeper } from './stages.ts';
import { alice, bob } from './testing.ts';

function touchedRoots(doc: Y.Doc, fn: () => void): string[] {
  const roots = new Set<string>();
  const record = (transaction: Y.Transaction) => {
    for (const type of transaction.changed.keys()) {
      let top: Y.AbstractType<unknown> = type as Y.AbstractType<unknown>;
      while (top._item?.parent) top = top._item.parent as Y.AbstractType<unknown>;
      for (const [name, shared] of doc.share) if ((shared as unknown) === top) roots.add(name);
    }
  };
  doc.on('afterTransaction', record);
  fn();
  doc.off('afterTransaction', record);
  return [...roots].sort();
}

describe('idea inbox', () => {
  it('lets anyone submit an idea, writing only the ideas map', () => {
    const { doc, onboarding } = decisionBoard();
    let id = '';
    const roots = touchedRoots(doc, () => {
      id = submitIdea(
        doc,
        { stageId: onboarding, kind: 'friction', text: ' Invoices confuse ' },
        carol,
        {
          now: T0,
        },
      );
    });
    expect(roots).toEqual(['ideas']);
    expect(readIdeas(doc)).toEqual([
      {
        id,
        stageId: onboarding,
        kind: 'friction',
        text: 'Invoices confuse',
        author: 'carol',
        createdAt: T0,
        triage: null,
      },
    ]);
  });

  it('refuses empty text, unknown kinds and unknown stages', () => {
    const { doc, onboarding } = decisionBoard();
    expect(() => submitIdea(doc, { stageId: onboarding, kind: 'idea', text: '  ' }, carol)).toThrow(
      expect.objectContaining({ code: 'invalid-text' }),
    );
    expect(() =>
      submitIdea(doc, { stageId: onboarding, kind: 'rant' as 'idea', text: 'x' }, carol),
    ).toThrow(expect.objectContaining({ code: 'invalid-kind' }));
    expect(() => submitIdea(doc, { stageId: 'nope', kind: 'idea', text: 'x' }, carol)).toThrow(
      expect.objectContaining({ code: 'unknown-stage' }),
    );
    expect(decisionMaps(doc)[2].size).toBe(0);
  });

  it('lets the keeper accept an idea as a card in a chosen lane, credited to its author', () => {
    const { doc, onboarding, friction } = decisionBoard();
    setStageKeeper(doc, onboarding, 'bob', alice);
    const id = submitIdea(
      doc,
      { stageId: onboarding, kind: 'friction', text: 'Invoices confuse' },
      carol,
    );
    const cardId = acceptIdea(doc, id, { laneId: friction, note: 'Seen it too', now: T0 }, bob);
    const card = readBoard(doc).cards.find((c) => c.id === cardId);
    expect(card).toMatchObject({
      laneId: friction,
      stageId: onboarding,
      text: 'Invoices confuse',
      author: 'carol',
    });
    expect(readIdeas(doc)[0]?.triage).toEqual({
      by: 'bob',
      at: T0,
      outcome: 'accepted',
      cardId,
      note: 'Seen it too',
    });
    expect(readIdeas(doc, { open: true })).toEqual([]);
  });

  it('refuses triage by anyone but the keeper, and a second triage', () => {
    const { doc, onboarding, friction } = decisionBoard();
    setStageKeeper(doc, onboarding, 'bob', alice);
    const id = submitIdea(doc, { stageId: onboarding, kind: 'idea', text: 'Chat' }, carol);
    expect(() => acceptIdea(doc, id, { laneId: friction }, alice)).toThrow(
      expect.objectContaining({ code: 'not-keeper' }),
    );
    dismissIdea(doc, id, bob, { note: 'Duplicate' });
    expect(() => dismissIdea(doc, id, bob)).toThrow(
      expect.objectContaining({ code: 'already-triaged' }),
    );
    expect(readIdeas(doc)[0]?.triage).toMatchObject({
      outcome: 'dismissed',
      note: 'Duplicate',
      cardId: null,
    });
    expect(readBoard(doc).cards).toHaveLength(3);
  });

  it('undoes an accepted idea as one step: the card goes and the idea is back in the inbox', () => {
    const { doc, onboarding, friction } = decisionBoard();
    const id = submitIdea(doc, { stageId: onboarding, kind: 'idea', text: 'Chat' }, carol);
    const undo = new Y.UndoManager([doc.getMap('ideas'), doc.getMap('cards')], {
      trackedOrigins: new Set([alice]),
      captureTimeout: 0,
    });
    acceptIdea(doc, id, { laneId: friction }, alice);
    expect(readBoard(doc).cards).toHaveLength(4);
    undo.undo();
    expect(readBoard(doc).cards).toHaveLength(3);
    expect(readIdeas(doc, { open: true }).map((idea) => idea.id)).toEqual([id]);
    undo.destroy();
  });
});
