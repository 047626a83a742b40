import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
  acceptIdea,
  addComment,
  addLane,
  addStage,
  readBoard,
  readIdeas,
  submitIdea,
} from '@journeyboard/model';
import { onlyTouches, roleWritePolicy } from './role-write-policy.ts';
import { Resources, connect, whenSynced } from './test/helpers.ts';
import { denials, roleBoard } from './test/role-board.ts';

/** Captures what a client sends after the doc's current state. */
function editOf(doc: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  edit(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

function boardWithComment(): { server: Y.Doc; client: Y.Doc } {
  const server = new Y.Doc();
  const comment = new Y.Map<unknown>();
  server.getMap('comments').set('c1', comment);
  comment.set('text', new Y.Text('First'));
  server.getMap('cards').set('card1', 'A card');
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return { server, client };
}

describe('onlyTouches', () => {
  it('accepts a new comment', () => {
    const { server, client } = boardWithComment();
    const update = editOf(client, (d) => d.getMap('comments').set('c2', 'Second'));
    expect(onlyTouches(server, update, 'comments')).toEqual({ ok: true });
  });

  it('accepts typing into an existing comment, whose items name only their neighbours', () => {
    const { server, client } = boardWithComment();
    const text = (client.getMap('comments').get('c1') as Y.Map<Y.Text>).get('text');
    const update = editOf(client, () => text?.insert(5, ' reply'));
    expect(onlyTouches(server, update, 'comments')).toEqual({ ok: true });
  });

  it('accepts deleting a comment', () => {
    const { server, client } = boardWithComment();
    const update = editOf(client, (d) => d.getMap('comments').delete('c1'));
    expect(onlyTouches(server, update, 'comments')).toEqual({ ok: true });
  });

  it('refuses a card edit', () => {
    const { server, client } = boardWithComment();
    const update = editOf(client, (d) => d.getMap('cards').set('card1', 'Changed'));
    expect(onlyTouches(server, update, 'comments').ok).toBe(false);
  });

  it('refuses a card deletion', () => {
    const { server, client } = boardWithComment();
    const update = editOf(client, (d) => d.getMap('cards').delete('card1'));
    expect(onlyTouches(server, update, 'comments').ok).toBe(false);
  });

  it('refuses a comment and a card edit in one update', () => {
    const { server, client } = boardWithComment();
    const update = editOf(client, (d) =>
      d.transact(() => {
        d.getMap('comments').set('c2', 'Cover');
        d.getMap('stages').set('s9', 'Sneaky stage');
      }),
    );
    expect(onlyTouches(server, update, 'comments').ok).toBe(false);
  });

  it('refuses deleting items the server does not know', () => {
    const { server } = boardWithComment();
    const other = new Y.Doc();
    other.getMap('cards').set('x', 'unknown');
    other.getMap('cards').delete('x');
    const full = Y.encodeStateAsUpdate(other);
    // Only the delete set: a pending deletion that would hit the item once it arrives.
    const deletionOnly = Y.diffUpdate(full, Y.encodeStateVector(other));
    expect(Y.decodeUpdate(deletionOnly).ds.clients.size).toBe(1);
    expect(onlyTouches(server, deletionOnly, 'comments').ok).toBe(false);
  });

  it('lets owners and editors write anything and refuses viewers', () => {
    const { server, client } = boardWithComment();
    const update = editOf(client, (d) => d.getMap('cards').set('card2', new Y.Map()));
    const context = { boardId: 'b', userId: 'u', update, doc: server };
    expect(roleWritePolicy({ ...context, role: 'owner' }).ok).toBe(true);
    expect(roleWritePolicy({ ...context, role: 'editor' }).ok).toBe(true);
    expect(roleWritePolicy({ ...context, role: 'commenter' }).ok).toBe(false);
    expect(roleWritePolicy({ ...context, role: 'viewer' }).ok).toBe(false);
  });
});

describe('a commenter on a live server', () => {
  const resources = new Resources();
  afterEach(() => resources.closeAll());

  async function setup() {
    const { server, id, stored } = await roleBoard(resources, 'Comments');
    const editor = connect(resources, server, id, { role: 'editor' });
    const commenter = connect(resources, server, id, { role: 'commenter' });
    const denied = denials(commenter);
    await Promise.all([whenSynced(editor), whenSynced(commenter)]);
    return { editor, commenter, denied, stored };
  }

  it('persists and forwards a comment', async () => {
    const { editor, commenter, stored } = await setup();
    const target = { kind: 'card', id: 'card1' } as const;
    const id = addComment(commenter.doc, { target, body: 'Looks right' }, { userId: 'commenter' });
    const bodyOf = (doc: Y.Doc) => (doc.getMap('comments').get(id) as Y.Map<unknown>).get('body');
    await vi.waitFor(() => expect(bodyOf(editor.doc)).toBe('Looks right'));
    expect(bodyOf(await stored())).toBe('Looks right');
  });

  it('rejects a card write: never stored, never forwarded', async () => {
    const { editor, commenter, denied, stored } = await setup();
    commenter.doc.getMap('cards').set('card1', 'Not allowed');
    await vi.waitFor(() => expect(denied).toEqual(['a commenter can only write comments']));
    // A later edit reaching the commenter proves the refused one was not merely slow.
    editor.doc.getMap('meta').set('title', 'Editor title');
    await vi.waitFor(() => expect(commenter.doc.getMap('meta').get('title')).toBe('Editor title'));
    expect(editor.doc.getMap('cards').has('card1')).toBe(false);
    expect((await stored()).getMap('cards').has('card1')).toBe(false);
  });
});

describe('the idea inbox for commenters', () => {
  const ideaBoard = () => {
    const { server, client } = boardWithComment();
    const stage = new Y.Map<unknown>();
    server.getMap('stages').set('s1', stage);
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    return { server, client };
  };
  const commenterWrites = (server: Y.Doc, update: Uint8Array) =>
    roleWritePolicy({ boardId: 'b', userId: 'c', role: 'commenter', update, doc: server });

  it('lets a commenter submit an idea through the model', () => {
    const { server, client } = ideaBoard();
    const update = editOf(client, (d) =>
      submitIdea(d, { stageId: 's1', kind: 'idea', text: 'A video tour' }, { userId: 'c' }),
    );
    expect(commenterWrites(server, update)).toEqual({ ok: true });
  });

  it('accepts comments and ideas in one update (an offline catch-up)', () => {
    const { server, client } = ideaBoard();
    const update = editOf(client, (d) => {
      addComment(d, { target: { kind: 'card', id: 'card1' }, body: 'Offline' }, { userId: 'c' });
      submitIdea(d, { stageId: 's1', kind: 'idea', text: 'Offline idea' }, { userId: 'c' });
    });
    expect(commenterWrites(server, update)).toEqual({ ok: true });
  });

  it('refuses an idea smuggled together with a card edit, or a viewer’s idea', () => {
    const { server, client } = ideaBoard();
    const smuggled = editOf(client, (d) => {
      d.getMap('ideas').set('i1', 'Cover');
      d.getMap('cards').set('card1', 'Changed');
    });
    expect(commenterWrites(server, smuggled).ok).toBe(false);
    const idea = editOf(client, (d) => d.getMap('ideas').set('i2', 'Viewer idea'));
    const context = { boardId: 'b', userId: 'v', update: idea, doc: server };
    expect(roleWritePolicy({ ...context, role: 'viewer' }).ok).toBe(false);
  });

  it('refuses accepting an idea onto the map (that writes a card)', () => {
    const server = new Y.Doc();
    const owner = { userId: 'owner' };
    const stageId = addStage(server, { name: 'Onboarding' }, owner);
    const laneId = addLane(server, { name: 'Ideas', kind: 'opportunities' }, owner);
    const id = submitIdea(server, { stageId, kind: 'idea', text: 'Tour' }, { userId: 'c' });
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const update = editOf(client, (d) => acceptIdea(d, id, { laneId }, { userId: 'c' }));
    expect(commenterWrites(server, update).ok).toBe(false);
  });
});

describe('a commenter submitting an idea on a live server', () => {
  const resources = new Resources();
  afterEach(() => resources.closeAll());

  it('persists and forwards the idea', async () => {
    const { server, id, stored } = await roleBoard(resources, 'Ideas');
    const editor = connect(resources, server, id, { role: 'editor' });
    const commenter = connect(resources, server, id, { role: 'commenter' });
    await Promise.all([whenSynced(editor), whenSynced(commenter)]);
    const stageId = addStage(editor.doc, { name: 'Onboarding' }, { userId: 'editor' });
    await vi.waitFor(() => expect(readBoard(commenter.doc).stages).toHaveLength(1));
    submitIdea(
      commenter.doc,
      { stageId, kind: 'friction', text: 'Invoices confuse' },
      {
        userId: 'commenter',
      },
    );
    await vi.waitFor(() =>
      expect(readIdeas(editor.doc).map((i) => i.text)).toEqual(['Invoices confuse']),
    );
    expect(readIdeas(await stored())[0]).toMatchObject({ author: 'commenter', stageId });
  });
});
