import * as Y from 'yjs';
import { ModelError } from './errors.ts';
import { metaMap, replaceText, textField } from './schema.ts';
import type { Actor } from './types.ts';
import { LIMITS, checkLabel, checkText, write } from './validate.ts';

export function setTitle(doc: Y.Doc, title: string, actor: Actor): void {
  const checked = checkLabel(title, 'title', LIMITS.title);
  write(doc, actor, () => metaMap(doc).set('title', checked));
}

/**
 * The mission statement's shared text, for editors to bind to. It is created by
 * `applyTemplate`; before that there is none to bind.
 */
export function getMissionText(doc: Y.Doc): Y.Text {
  const text = textField(metaMap(doc), 'mission');
  if (!text) throw new ModelError('not-initialised', 'no mission text yet: apply a template first');
  return text;
}

/** Replaces the mission statement with the smallest edit. */
export function setMission(doc: Y.Doc, mission: string, actor: Actor): void {
  const checked = checkText(mission, 'mission', LIMITS.mission);
  const existing = textField(metaMap(doc), 'mission');
  write(doc, actor, () => {
    if (existing) replaceText(existing, checked);
    else metaMap(doc).set('mission', new Y.Text(checked));
  });
}
