import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { addComment, mentionsFor, readThreads } from '@journeyboard/model';
import { Resources, connect, whenSynced } from './test/helpers.ts';
import { denials, roleBoard } from './test/role-board.ts';

/*
 * The attacks of issue 15 (items 2 and 5) as a hostile member runs them: a stock Yjs
 * client on a real socket, writing straight into the document instead of through the
 * model. Each refused write must be answered, never stored and never forwarded.
 */

const resources = new Resources();
afterEach(() => resources.closeAll());

async function board() {
  const { server, id, stored } = await roleBoard(resources, 'Shapes');
  const owner = connect(resources, server, id, { role: 'owner' });
  const editor = connect(resources, server, id, { role: 'editor' });
  const commenter = connect(resources, server, id, { role: 'commenter' });
  const denied = { editor: denials(editor), commenter: denials(commenter) };
  await Promise.all([whenSynced(owner), whenSynced(editor), whenSynced(commenter)]);
  owner.doc.getMap('cards').set('card1', new Y.Map());
  const target = { kind: 'card', id: 'card1' } as const;
  const commentId = addComment(owner.doc, { target, body: 'Ship it' }, { userId: 'owner' });
  await vi.waitFor(() => expect(readThreads(commenter.doc)).toHaveLength(1));
  await vi.waitFor(() => expect(readThreads(editor.doc)).toHaveLength(1));
  /** An owner's edit reaching `provider`: whatever was refused before it was not slow. */
  const settled = async (provider: WebsocketProvider) => {
    const mark = `${Math.random()}`;
    owner.doc.getMap('meta').set('mark', mark);
    await vi.waitFor(() => expect(provider.doc.getMap('meta').get('mark')).toBe(mark));
  };
  return { owner, editor, commenter, denied, stored, settled, target, commentId };
}

const entity = (doc: Y.Doc, id: string) => doc.getMap('comments').get(id) as Y.Map<unknown>;

describe('a hostile member on a live server', () => {
  it("refuses a commenter's comment that is not a map; readers of the board keep working", async () => {
    const { owner, commenter, denied, stored, settled } = await board();
    commenter.doc.getMap('comments').set('x', 'boom');
    await vi.waitFor(() =>
      expect(denied.commenter).toEqual(['every entry of comments must be a map']),
    );
    await settled(commenter);
    expect(owner.doc.getMap('comments').has('x')).toBe(false);
    const doc = await stored();
    expect(doc.getMap('comments').has('x')).toBe(false);
    expect(() => mentionsFor(doc, 'owner')).not.toThrow();
  });

  it('refuses a comment signed as the owner, with a forged @mention', async () => {
    const { owner, commenter, denied, stored, settled, target } = await board();
    const forged = addComment(
      commenter.doc,
      { target, body: '@Editor approve this', mentions: ['editor'] },
      { userId: 'owner' },
    );
    await vi.waitFor(() =>
      expect(denied.commenter).toEqual([
        'the author of a comment must be the member who writes it',
      ]),
    );
    await settled(commenter);
    expect(owner.doc.getMap('comments').has(forged)).toBe(false);
    expect(mentionsFor(await stored(), 'editor')).toEqual([]);
  });

  it("refuses rewriting or deleting the owner's comment, by a commenter or an editor", async () => {
    const { owner, editor, commenter, denied, stored, settled, commentId } = await board();
    entity(commenter.doc, commentId).set('body', 'Do not ship it');
    await vi.waitFor(() =>
      expect(denied.commenter).toEqual(['only its author can change a comment']),
    );
    editor.doc.getMap('comments').delete(commentId);
    await vi.waitFor(() =>
      expect(denied.editor).toEqual(['only its author or an owner can delete a comment']),
    );
    await settled(commenter);
    await settled(editor);
    expect(entity(owner.doc, commentId).get('body')).toBe('Ship it');
    expect(entity(await stored(), commentId).get('body')).toBe('Ship it');
  });

  it('keeps honest comments flowing: the author edits, others reply and resolve', async () => {
    const { owner, commenter, denied, stored, commentId } = await board();
    const reply = addComment(
      commenter.doc,
      { replyTo: commentId, body: 'Agreed' },
      { userId: 'commenter' },
    );
    entity(commenter.doc, commentId).set('resolved', { by: 'commenter', at: 1 });
    await vi.waitFor(() => expect(readThreads(owner.doc)[0]?.replies).toHaveLength(1));
    await vi.waitFor(() => expect(readThreads(owner.doc)[0]?.resolved?.by).toBe('commenter'));
    expect(entity(await stored(), reply).get('body')).toBe('Agreed');
    expect(denied.commenter).toEqual([]);
  });
});
