import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addComment,
  addLane,
  addPersona,
  addStage,
  deleteComment,
  dismissIdea,
  editComment,
  renameLane,
  renameStage,
  resolveThread,
  submitIdea,
} from '@journeyboard/model';
import { roleWritePolicy } from './role-write-policy.ts';
import type { Role } from './options.ts';

/** A board with Olga's (the owner's) comment and Cleo's (a commenter's) idea. */
function board() {
  const server = new Y.Doc();
  const stageId = addStage(server, { name: 'Onboarding' }, { userId: 'olga' });
  addLane(server, { name: 'Actions', kind: 'actions' }, { userId: 'olga' });
  server.getMap('cards').set('card1', new Y.Map());
  const target = { kind: 'card', id: 'card1' } as const;
  const commentId = addComment(server, { target, body: 'Owner says' }, { userId: 'olga' });
  const ideaId = submitIdea(server, { stageId, kind: 'idea', text: 'Tour' }, { userId: 'cleo' });
  return { server, stageId, target, commentId, ideaId };
}

/** What a client holding the server's state sends after `edit`. */
function editOf(server: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const before = Y.encodeStateVector(client);
  edit(client);
  return Y.encodeStateAsUpdate(client, before);
}

function judge(server: Y.Doc, role: Role, userId: string, edit: (doc: Y.Doc) => void) {
  return roleWritePolicy({ boardId: 'b', role, userId, doc: server, update: editOf(server, edit) });
}

const commentOf = (doc: Y.Doc, id: string) => doc.getMap('comments').get(id) as Y.Map<unknown>;

describe('the shape of a comment', () => {
  it('refuses a comment that is not a map (the write that broke every board list)', () => {
    const { server } = board();
    expect(
      judge(server, 'commenter', 'cleo', (d) => d.getMap('comments').set('x', 'boom')),
    ).toEqual({ ok: false, reason: 'every entry of comments must be a map' });
  });

  it('accepts a comment written through the model', () => {
    const { server, target } = board();
    const decision = judge(server, 'commenter', 'cleo', (d) =>
      addComment(d, { target, body: 'Why?' }, { userId: 'cleo' }),
    );
    expect(decision).toEqual({ ok: true });
  });

  it('refuses a field of the wrong type, an unknown field and a nested type', () => {
    const { server } = board();
    const comment = (fields: [string, unknown][]) => (d: Y.Doc) =>
      d.getMap('comments').set('x', new Y.Map<unknown>([['author', 'cleo'], ...fields]));
    expect(judge(server, 'commenter', 'cleo', comment([['body', 42]]))).toEqual({
      ok: false,
      reason: 'the "body" of a comment is not valid',
    });
    expect(judge(server, 'commenter', 'cleo', comment([['script', 'x']])).ok).toBe(false);
    expect(judge(server, 'commenter', 'cleo', comment([['body', new Y.Text('x')]])).ok).toBe(false);
    expect(judge(server, 'commenter', 'cleo', comment([['mentions', 'olga']])).ok).toBe(false);
  });

  it('refuses a comment without an author', () => {
    const { server } = board();
    const decision = judge(server, 'commenter', 'cleo', (d) =>
      d.getMap('comments').set('x', new Y.Map<unknown>([['body', 'anonymous']])),
    );
    expect(decision).toEqual({ ok: false, reason: 'a comment must name its author' });
  });
});

describe('comments and ideas belong to their authors', () => {
  it('refuses a comment signed as someone else (a forged @mention from the owner)', () => {
    const { server, target } = board();
    const decision = judge(server, 'commenter', 'cleo', (d) =>
      addComment(d, { target, body: '@Ed see this', mentions: ['ed'] }, { userId: 'olga' }),
    );
    expect(decision).toEqual({
      ok: false,
      reason: 'the author of a comment must be the member who writes it',
    });
  });

  it("refuses rewriting or deleting someone else's comment, for commenters and editors", () => {
    const { server, commentId } = board();
    for (const role of ['commenter', 'editor'] as const) {
      const rewrite = judge(server, role, 'mallory', (d) =>
        commentOf(d, commentId).set('body', 'Owner agrees to everything'),
      );
      expect(rewrite).toEqual({ ok: false, reason: 'only its author can change a comment' });
      const blank = judge(server, role, 'mallory', (d) =>
        commentOf(d, commentId).set('deleted', true),
      );
      expect(blank.ok).toBe(false);
      const remove = judge(server, role, 'mallory', (d) => d.getMap('comments').delete(commentId));
      expect(remove).toEqual({
        ok: false,
        reason: 'only its author or an owner can delete a comment',
      });
      const steal = judge(server, role, 'mallory', (d) =>
        commentOf(d, commentId).set('author', 'mallory'),
      );
      expect(steal.ok).toBe(false);
    }
  });

  it('lets the author edit and delete, anyone resolve, and an owner delete', () => {
    const { server, target } = board();
    const mine = addComment(server, { target, body: 'Mine' }, { userId: 'cleo' });
    const cleo = { userId: 'cleo' };
    expect(
      judge(server, 'commenter', 'cleo', (d) => editComment(d, mine, { body: 'Edited' }, cleo)),
    ).toEqual({ ok: true });
    expect(judge(server, 'commenter', 'cleo', (d) => deleteComment(d, mine, cleo))).toEqual({
      ok: true,
    });
    expect(
      judge(server, 'commenter', 'ed', (d) => resolveThread(d, mine, { userId: 'ed' })),
    ).toEqual({ ok: true });
    expect(judge(server, 'owner', 'olga', (d) => d.getMap('comments').delete(mine))).toEqual({
      ok: true,
    });
    const ownerBlanks = judge(server, 'owner', 'olga', (d) =>
      d.transact(() => {
        const entity = commentOf(d, mine);
        entity.set('body', '');
        entity.set('mentions', []);
        entity.set('deleted', true);
      }),
    );
    expect(ownerBlanks).toEqual({ ok: true });
    const ownerRewrites = judge(server, 'owner', 'olga', (d) =>
      commentOf(d, mine).set('body', 'Olga wrote this'),
    );
    expect(ownerRewrites.ok).toBe(false);
  });

  it("refuses rewriting someone else's idea; editors triage it, commenters do not", () => {
    const { server, ideaId } = board();
    const idea = (d: Y.Doc) => d.getMap('ideas').get(ideaId) as Y.Map<unknown>;
    const rewrite = judge(server, 'commenter', 'mallory', (d) => idea(d).set('text', 'Rubbish'));
    expect(rewrite).toEqual({ ok: false, reason: 'only its author can change an idea' });
    const triage = (d: Y.Doc) => dismissIdea(d, ideaId, { userId: 'ed' });
    expect(judge(server, 'editor', 'ed', triage)).toEqual({ ok: true });
    expect(judge(server, 'commenter', 'mallory', triage).ok).toBe(false);
    expect(judge(server, 'commenter', 'cleo', (d) => idea(d).set('text', 'Better tour'))).toEqual({
      ok: true,
    });
  });
});

describe('entity roots an editor writes', () => {
  it('refuses a card, a story or a stage that is not a map', () => {
    const { server } = board();
    for (const root of ['cards', 'stories', 'stages', 'kpis']) {
      expect(judge(server, 'editor', 'ed', (d) => d.getMap(root).set('x', 'boom'))).toEqual({
        ok: false,
        reason: `every entry of ${root} must be a map`,
      });
    }
    expect(judge(server, 'editor', 'ed', (d) => d.getMap('cards').set('x', new Y.Map()))).toEqual({
      ok: true,
    });
  });

  it('accepts names as shared text: typing in one, converting a plain one, a new persona', () => {
    const { server, stageId } = board();
    const [laneId = ''] = [...server.getMap('lanes').keys()];
    // A lane from before names were shared text.
    (server.getMap('lanes').get(laneId) as Y.Map<unknown>).set('name', 'Old lane');
    const edits: ((doc: Y.Doc) => void)[] = [
      (d) => renameStage(d, stageId, 'Onboarding and setup', { userId: 'ed' }),
      (d) => renameLane(d, laneId, 'Old lane, renamed', { userId: 'ed' }),
      (d) => addPersona(d, { name: 'Busy lead', description: 'Pays by card' }, { userId: 'ed' }),
    ];
    for (const edit of edits) {
      expect(judge(server, 'editor', 'ed', edit)).toEqual({ ok: true });
      expect(judge(server, 'commenter', 'cleo', edit).ok).toBe(false);
    }
  });

  it('refuses a canvas entry that is not a record under its own id', () => {
    const { server } = board();
    const put = (key: string, value: unknown) => (d: Y.Doc) => d.getMap('canvas').set(key, value);
    const shape = { id: 'shape:1', typeName: 'shape', x: 1 };
    expect(judge(server, 'editor', 'ed', put('shape:1', shape))).toEqual({ ok: true });
    for (const [key, value] of [
      ['shape:1', 'boom'],
      ['shape:2', shape],
      ['shape:1', new Y.Map()],
    ] as const) {
      expect(judge(server, 'editor', 'ed', put(key, value))).toEqual({
        ok: false,
        reason: 'every entry of canvas must be a record under its own id',
      });
    }
  });
});
