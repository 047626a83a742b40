import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { IDLE_PRESENCE, type Peer } from '#lib/board/presence-state.ts';
import { caretOf, remoteCarets } from './story-carets.ts';

function story(text: string): { doc: Y.Doc; body: Y.Text } {
  const doc = new Y.Doc();
  const body = doc.getText('body');
  body.insert(0, text);
  return { doc, body };
}

function peer(clientId: number, storyCaret: Peer['storyCaret'], isSelf = false): Peer {
  return {
    clientId,
    isSelf,
    cursorAt: 0,
    user: { id: `u${clientId}`, name: `Person ${clientId}`, colour: '#0090ff' },
    ...IDLE_PRESENCE,
    storyCaret,
  };
}

describe('story carets', () => {
  it('stay on the same character while text is typed before them', () => {
    const { body } = story('Setup took two weeks');
    const caret = caretOf('s1', body, { index: 'Setup '.length, length: 0 });
    body.insert(0, 'Notes. ');
    const [seen] = remoteCarets([peer(2, caret)], 's1', body);
    expect(body.toJSON().slice(seen!.index)).toBe('took two weeks');
    expect(seen).toMatchObject({ clientId: 2, name: 'Person 2', colour: '#0090ff' });
  });

  it('show only other people in this story, and skip positions that do not decode', () => {
    const { body } = story('abc');
    const here = caretOf('s1', body, { index: 1, length: 1 });
    const other = story('xyz').body;
    const peers = [
      peer(1, here, true),
      peer(2, { ...here, storyId: 's2' }),
      peer(3, { storyId: 's1', anchor: 'AAAA', head: '////' }),
      peer(4, caretOf('s1', other, { index: 1, length: 0 })),
      peer(5, here),
    ];
    expect(remoteCarets(peers, 's1', body).map((caret) => caret.clientId)).toEqual([5]);
    expect(remoteCarets(peers, 's1', body)[0]!.index).toBe(2);
  });

  it('puts a caret at the end before the newline a formatted last line adds', () => {
    const { body } = story('Would recommend');
    const caret = caretOf('s1', body, { index: body.length, length: 0 });
    body.format(body.length - 1, 1, { list: 'bullet' });
    body.insert(body.length, '\n', { list: 'bullet' });
    expect(remoteCarets([peer(2, caret)], 's1', body)[0]!.index).toBe('Would recommend'.length);
  });
});
