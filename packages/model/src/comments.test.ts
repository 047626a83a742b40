import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, deleteCard } from './cards.ts';
import { addComment, deleteComment, editComment, reopenThread, resolveThread } from './comments.ts';
import { mentionsFor, openThreadCounts, parseMentions, readThreads } from './comments-read.ts';
import { isEvidenceError } from './evidence-errors.ts';
import { readBoard } from './read.ts';
import { applyTemplate } from './templates.ts';
import { alice, bob } from './testing.ts';

function boardWithCard() {
  const doc = new Y.Doc();
  applyTemplate(doc, 'starter', alice);
  const { lanes, stages } = readBoard(doc);
  const cardId = addCard(doc, { laneId: lanes[0]!.id, stageId: stages[0]!.id }, alice);
  return { doc, cardId, target: { kind: 'card' as const, id: cardId } };
}

/** Which top-level maps a transaction changed. */
function touchedMaps(doc: Y.Doc, run: () => void): string[] {
  const names = new Set<string>();
  const listener = (transaction: Y.Transaction) => {
    for (const type of transaction.changed.keys()) {
      let item = type._item;
      while (item?.parent && (item.parent as Y.AbstractType<unknown>)._item) {
        item = (item.parent as Y.AbstractType<unknown>)._item;
      }
      const root = item ? (item.parent as Y.AbstractType<unknown>) : type;
      for (const [name, value] of doc.share) if (value === root) names.add(name);
    }
  };
  doc.on('afterTransaction', listener);
  run();
  doc.off('afterTransaction', listener);
  return [...names];
}

describe('comments', () => {
  it('threads replies under the first comment, oldest first', () => {
    const { doc, target } = boardWithCard();
    const first = addComment(doc, { target, body: 'Is this real?' }, alice);
    const reply = addComment(doc, { replyTo: first, body: 'Yes, three tickets' }, bob);
    addComment(doc, { replyTo: reply, body: 'Thanks' }, alice);
    const [thread] = readThreads(doc, target);
    expect(thread!.root.body).toBe('Is this real?');
    expect(thread!.replies.map((c) => c.body)).toEqual(['Yes, three tickets', 'Thanks']);
  });

  it('resolves and reopens a thread from any of its comments', () => {
    const { doc, target } = boardWithCard();
    const first = addComment(doc, { target, body: 'Check' }, alice);
    const reply = addComment(doc, { replyTo: first, body: 'Done' }, bob);
    resolveThread(doc, reply, bob);
    expect(readThreads(doc)[0]!.resolved?.by).toBe('bob');
    expect(openThreadCounts(doc).size).toBe(0);
    reopenThread(doc, first, alice);
    expect(readThreads(doc)[0]!.resolved).toBeNull();
    expect(openThreadCounts(doc).get(`card:${target.id}`)).toBe(1);
  });

  it('writes only to the comments map (a commenter may write nowhere else)', () => {
    const { doc, target } = boardWithCard();
    const maps = touchedMaps(doc, () => {
      const id = addComment(doc, { target, body: '@Bob look', mentions: ['bob'] }, alice);
      addComment(doc, { replyTo: id, body: 'ok' }, bob);
      resolveThread(doc, id, bob);
      reopenThread(doc, id, bob);
      editComment(doc, id, { body: 'edited' }, alice);
      deleteComment(doc, id, alice);
    });
    expect(maps).toEqual(['comments']);
  });

  it('lists mentions of a user, newest first, without their own comments', () => {
    const { doc, target } = boardWithCard();
    addComment(doc, { target, body: '@Bob first', mentions: ['bob'] }, alice);
    addComment(doc, { target, body: 'note to self @Bob', mentions: ['bob'] }, bob);
    const mentions = mentionsFor(doc, 'bob');
    expect(mentions.map((m) => m.body)).toEqual(['@Bob first']);
    expect(mentions[0]).toMatchObject({ author: 'alice', target, resolved: false });
  });

  it('only lets the author edit or delete a comment', () => {
    const { doc, target } = boardWithCard();
    const id = addComment(doc, { target, body: 'mine' }, alice);
    let caught: unknown;
    try {
      editComment(doc, id, { body: 'theirs' }, bob);
    } catch (error) {
      caught = error;
    }
    expect(isEvidenceError(caught, 'not-author')).toBe(true);
  });

  it('keeps a deleted comment that has replies as a placeholder', () => {
    const { doc, target } = boardWithCard();
    const id = addComment(doc, { target, body: 'oops' }, alice);
    addComment(doc, { replyTo: id, body: 'answer' }, bob);
    deleteComment(doc, id, alice);
    const [thread] = readThreads(doc);
    expect(thread!.root).toMatchObject({ deleted: true, body: '' });
    expect(thread!.replies).toHaveLength(1);
  });

  it('hides threads whose card was deleted', () => {
    const { doc, target, cardId } = boardWithCard();
    addComment(doc, { target, body: 'hm' }, alice);
    deleteCard(doc, cardId, alice);
    expect(readThreads(doc)).toEqual([]);
  });

  it('refuses an empty comment', () => {
    const { doc, target } = boardWithCard();
    expect(() => addComment(doc, { target, body: '   ' }, alice)).toThrow(/empty/);
  });

  it('finds @mentions by display name, longest name first', () => {
    const members = [
      { id: 'u1', name: 'Ana' },
      { id: 'u2', name: 'Ana Lima' },
      { id: 'u3', name: 'Bo' },
    ];
    expect(parseMentions('cc @Ana Lima and @bo, not @Bob', members)).toEqual(['u2', 'u3']);
    expect(parseMentions('@Ana: hi', members)).toEqual(['u1']);
  });
});
