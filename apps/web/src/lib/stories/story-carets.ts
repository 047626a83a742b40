import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import type { Peer, StoryCaret } from '#lib/board/presence-state.ts';

/** Our selection in the story as presence: anchored to characters, not offsets. */
export function caretOf(
  storyId: string,
  text: Y.Text,
  range: { index: number; length: number },
): StoryCaret {
  const encode = (index: number) =>
    toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index)));
  return { storyId, anchor: encode(range.index), head: encode(range.index + range.length) };
}

export interface RemoteCaret {
  clientId: number;
  name: string;
  colour: string;
  /** Where the caret is now, in the text's current offsets. */
  index: number;
}

function resolve(doc: Y.Doc, text: Y.Text, encoded: string): number | null {
  try {
    const position = Y.createAbsolutePositionFromRelativePosition(
      Y.decodeRelativePosition(fromBase64(encoded)),
      doc,
    );
    return position && position.type === text ? position.index : null;
  } catch {
    // Presence is untrusted input: a position that does not decode is not shown.
    return null;
  }
}

/** Other people's carets in this story, resolved against the text as it is now. */
export function remoteCarets(peers: readonly Peer[], storyId: string, text: Y.Text): RemoteCaret[] {
  const doc = text.doc;
  if (!doc) return [];
  const carets: RemoteCaret[] = [];
  for (const peer of peers) {
    const caret = peer.storyCaret;
    if (peer.isSelf || !caret || caret.storyId !== storyId) continue;
    let index = resolve(doc, text, caret.head);
    if (index === null) continue;
    // A caret at the very end sticks to the end of the text; once the last line is
    // formatted the text ends in that line's newline, and the caret belongs before it.
    if (index === text.length && index > 0 && text.toJSON().endsWith('\n')) index--;
    carets.push({ clientId: peer.clientId, name: peer.user.name, colour: peer.user.colour, index });
  }
  return carets;
}
