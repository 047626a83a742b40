import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, applyTemplate, deleteCard, readBoard, setCardText } from '@journeyboard/model';
import { applyVersion } from '../../history/restore.ts';
import { replayActivity, type ActivityEntry } from './activity-feed.ts';

const NAMES = new Map([
  ['ana', 'Ana'],
  ['ben', 'Ben'],
]);

/** A log as the server stores it: each edit one entry, with its author and time. */
function log() {
  const doc = new Y.Doc();
  const entries: ActivityEntry[] = [];
  let author: string | null = null;
  let at = 0;
  doc.on('update', (bytes: Uint8Array) => entries.push({ bytes, author, at }));
  const as = (who: string | null, when: number, edit: () => void) => {
    author = who;
    at = when;
    edit();
  };
  return { doc, entries, as };
}

describe('activity feed', () => {
  it('reads a typing burst as one line and names each change’s real author', () => {
    const { doc, entries, as } = log();
    as(null, 0, () => applyTemplate(doc, 'starter', { userId: 'ana' }, { title: 'Journey' }));
    const { lanes, stages } = readBoard(doc);
    let card = '';
    as('ben', 1_000, () => {
      card = addCard(
        doc,
        { laneId: lanes[0]!.id, stageId: stages[0]!.id, text: '' },
        { userId: 'ben' },
      );
    });
    for (let i = 1; i <= 16; i++) {
      as('ana', 2_000 + i, () =>
        setCardText(doc, card, 'Payment form'.slice(0, i), { userId: 'ana' }),
      );
    }
    const items = replayActivity(entries, NAMES);
    expect(items.map((i) => [i.authorName, i.verb, i.subject, i.label])).toEqual([
      ['Ana', 'edited', 'card', 'Payment form'],
      ['Ben', 'added', 'card', ''],
    ]);
    expect(items[0]!.count).toBe(12);
  });

  it('shows a restore as one "restored version" line, later edits as themselves', () => {
    const { doc, entries, as } = log();
    as(null, 0, () => applyTemplate(doc, 'starter', { userId: 'ana' }, { title: 'Journey' }));
    const { lanes, stages } = readBoard(doc);
    const cell = { laneId: lanes[0]!.id, stageId: stages[0]!.id };
    let first = '';
    let second = '';
    as('ben', 1_000, () => {
      first = addCard(doc, { ...cell, text: 'Ben’s card' }, { userId: 'ben' });
    });
    as('ben', 2_000, () => {
      second = addCard(doc, { ...cell, text: 'Another' }, { userId: 'ben' });
    });
    // Ana restores a version without the two cards: her browser applies it as one edit.
    as('ana', 10_500, () =>
      doc.transact(() => [first, second].forEach((id) => deleteCard(doc, id, { userId: 'ana' }))),
    );
    as('ana', 90_000, () => {
      addCard(doc, { ...cell, text: 'Fresh' }, { userId: 'ana' });
    });
    const items = replayActivity(entries, NAMES, 100, [
      { author: 'ana', at: 10_000, versionName: 'Before workshop' },
    ]);
    expect(items.map((i) => [i.authorName, i.verb, i.subject, i.label])).toEqual([
      ['Ana', 'added', 'card', 'Fresh'],
      ['Ana', 'restored', 'version', 'Before workshop'],
      ['Ben', 'added', 'card', 'Another'],
      ['Ben', 'added', 'card', 'Ben’s card'],
    ]);
  });

  it('reads "Undo restore" as the restorer undoing it, not adding others’ cards', () => {
    const { doc, entries, as } = log();
    as(null, 0, () => applyTemplate(doc, 'starter', { userId: 'ana' }, { title: 'Journey' }));
    const version = Y.encodeStateAsUpdate(doc);
    const { lanes, stages } = readBoard(doc);
    const cell = { laneId: lanes[0]!.id, stageId: stages[0]!.id };
    as('ben', 1_000, () => addCard(doc, { ...cell, text: 'Ben’s card' }, { userId: 'ben' }));
    as('ben', 2_000, () => addCard(doc, { ...cell, text: 'Another' }, { userId: 'ben' }));
    const ana = { userId: 'ana' };
    let restore: ReturnType<typeof applyVersion> | undefined;
    as('ana', 10_500, () => (restore = applyVersion(doc, version, ana)));
    as('ana', 20_000, () => addCard(doc, { ...cell, text: 'Fresh' }, ana));
    as('ana', 30_000, () => restore!.undo());
    expect(
      readBoard(doc)
        .cards.map((card) => card.text)
        .sort(),
    ).toEqual(['Another', 'Ben’s card', 'Fresh']);
    const items = replayActivity(entries, NAMES, 100, [
      { author: 'ana', at: 10_000, versionName: 'Before workshop' },
    ]);
    expect(items.map((i) => [i.authorName, i.verb, i.subject, i.label])).toEqual([
      ['Ana', 'undid', 'version', 'Before workshop'],
      ['Ana', 'added', 'card', 'Fresh'],
      ['Ana', 'restored', 'version', 'Before workshop'],
      ['Ben', 'added', 'card', 'Another'],
      ['Ben', 'added', 'card', 'Ben’s card'],
    ]);
  });

  it('keeps an ordinary edit after a restore as itself', () => {
    const { doc, entries, as } = log();
    as(null, 0, () => applyTemplate(doc, 'starter', { userId: 'ana' }, { title: 'Journey' }));
    const version = Y.encodeStateAsUpdate(doc);
    const { lanes, stages } = readBoard(doc);
    const cell = { laneId: lanes[0]!.id, stageId: stages[0]!.id };
    as('ben', 1_000, () => addCard(doc, { ...cell, text: 'One' }, { userId: 'ben' }));
    as('ben', 1_500, () => addCard(doc, { ...cell, text: 'Two' }, { userId: 'ben' }));
    as('ana', 10_500, () => applyVersion(doc, version, { userId: 'ana' }));
    as('ana', 20_000, () => addCard(doc, { ...cell, text: 'One' }, { userId: 'ana' }));
    const items = replayActivity(entries, NAMES, 100, [
      { author: 'ana', at: 10_000, versionName: 'Before workshop' },
    ]);
    expect(items[0]).toMatchObject({ authorName: 'Ana', verb: 'added', label: 'One' });
  });
});
