import * as Y from 'yjs';
import { ModelError } from './errors.ts';
import { metaMap, replaceText, setLabel, textField } from './schema.ts';
import type { Actor } from './types.ts';
import { LIMITS, checkLabel, checkText, write } from './validate.ts';

/**
 * Sets the board's title with the smallest edit, so that it merges with whoever is
 * typing in it. A title still stored as a plain string (boards from before titles were
 * shared text) becomes shared text on this first edit.
 */
export function setTitle(doc: Y.Doc, title: string, actor: Actor): void {
  const checked = checkLabel(title, 'title', LIMITS.title);
  write(doc, actor, () => setLabel(metaMap(doc), 'title', checked));
}

/** The title's shared text for an editor to bind to; null while it is a plain string. */
export function getTitleText(doc: Y.Doc): Y.Text | null {
  return textField(metaMap(doc), 'title');
}

/**
 * The title as one line of at most LIMITS.title characters, whether shared text or a
 * plain string: a hostile client's text cannot break a header or a list row.
 */
export function readTitle(meta: Y.Map<unknown>): string {
  const value = meta.get('title');
  const raw = value instanceof Y.Text ? value.toJSON() : typeof value === 'string' ? value : '';
  return raw.replace(/\s+/g, ' ').trim().slice(0, LIMITS.title);
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
