import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isModelError } from './errors.ts';
import { getMissionText, getTitleText, setMission, setTitle } from './meta.ts';
import { readBoard } from './read.ts';
import { applyTemplate } from './templates.ts';
import { alice, bob, recordTransactions, syncDocs } from './testing.ts';

describe('setTitle', () => {
  it('merges two people’s edits of the title instead of keeping only the last', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()];
    applyTemplate(a, 'blank', alice, { title: 'Checkout' });
    syncDocs(a, b);
    setTitle(a, 'Checkout journey', alice);
    setTitle(b, 'Mobile Checkout', bob);
    syncDocs(a, b);
    expect(readBoard(a).title).toBe('Mobile Checkout journey');
    expect(readBoard(b).title).toBe('Mobile Checkout journey');
  });

  it('turns a title stored as a plain string into shared text on the first edit', () => {
    const doc = new Y.Doc();
    doc.getMap('meta').set('title', 'Old board');
    expect(getTitleText(doc)).toBeNull();
    setTitle(doc, 'Old board, renamed', alice);
    expect(getTitleText(doc)?.toJSON()).toBe('Old board, renamed');
  });

  it('reads a hostile title as one line of at most the title limit', () => {
    const doc = new Y.Doc();
    doc.getMap('meta').set('title', new Y.Text(`Line one\nline two ${'x'.repeat(500)}`));
    const { title } = readBoard(doc);
    expect(title.startsWith('Line one line two')).toBe(true);
    expect(title).toHaveLength(200);
  });

  it('stores the trimmed title', () => {
    const doc = new Y.Doc();
    setTitle(doc, '  Checkout journey ', alice);
    expect(readBoard(doc).title).toBe('Checkout journey');
  });

  it('writes in one transaction with the actor as origin', () => {
    const doc = new Y.Doc();
    const record = recordTransactions(doc);
    setTitle(doc, 'T', alice);
    expect(record.origins).toEqual([alice]);
  });

  it.each([[''], ['   '], ['x'.repeat(201)]])('refuses the title %j', (title) => {
    const doc = new Y.Doc();
    expect(() => setTitle(doc, title, alice)).toThrow(
      expect.objectContaining({ code: 'invalid-text' }),
    );
  });

  it('refuses an actor without a user id', () => {
    const doc = new Y.Doc();
    let error: unknown;
    try {
      setTitle(doc, 'T', { userId: '' });
    } catch (caught) {
      error = caught;
    }
    expect(isModelError(error, 'invalid-actor')).toBe(true);
  });
});

describe('setMission', () => {
  it('replaces the mission text', () => {
    const doc = new Y.Doc();
    setMission(doc, 'Help people pay', alice);
    setMission(doc, 'Help people pay faster', alice);
    expect(readBoard(doc).mission).toBe('Help people pay faster');
  });

  it('keeps a concurrent edit elsewhere in the text', () => {
    const a = new Y.Doc();
    applyTemplate(a, 'blank', alice);
    setMission(a, 'Help people pay.', alice);
    const b = new Y.Doc();
    syncDocs(a, b);
    setMission(a, 'Help all people pay.', alice);
    setMission(b, 'Help people pay. Fast.', bob);
    syncDocs(a, b);
    expect(readBoard(a).mission).toBe('Help all people pay. Fast.');
    expect(readBoard(b).mission).toBe(readBoard(a).mission);
  });

  it('never splits a surrogate pair', () => {
    const doc = new Y.Doc();
    applyTemplate(doc, 'blank', alice);
    setMission(doc, 'mood 😀', alice);
    setMission(doc, 'mood 😁', alice);
    expect(readBoard(doc).mission).toBe('mood 😁');
  });

  it('refuses a mission over the length limit', () => {
    const doc = new Y.Doc();
    expect(() => setMission(doc, 'x'.repeat(5001), alice)).toThrow(
      expect.objectContaining({ code: 'invalid-text' }),
    );
  });
});

describe('getMissionText', () => {
  it('gives the shared text after a template', () => {
    const doc = new Y.Doc();
    applyTemplate(doc, 'starter', alice);
    getMissionText(doc).insert(0, 'Typed in an editor');
    expect(readBoard(doc).mission).toBe('Typed in an editor');
  });

  it('throws before the board is initialised', () => {
    expect(() => getMissionText(new Y.Doc())).toThrow(
      expect.objectContaining({ code: 'not-initialised' }),
    );
  });
});
