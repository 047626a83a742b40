import * as Y from 'yjs';

/** A doc holding a stored state (a version, a template): not a live board. */
export function docFromState(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}
