import * as Y from 'yjs';
import { IDEAS_ROOT, type Entity } from './schema.ts';

/**
 * Layout of the decision maps (top-level, next to the board maps of schema.ts):
 *
 *   initiatives  id -> { title, ownerId, stageId, kpiId?, impact, effort, status,
 *                        cards: Y.Map<cardId, true>, raisedBy: string[], learnt,
 *                        history: Y.Array<StatusChange>, createdBy, createdAt }
 *   kpis         id -> { stageId, name, unit, target?, order,
 *                        values: Y.Array<KpiValue>, createdBy, createdAt }
 *   ideas        id -> { stageId, kind, text, author, createdAt,
 *                        triage?: { by, at, outcome, cardId?, laneId?, note } }
 *
 * History and KPI values are append-only arrays, so two people stopping an initiative
 * or recording a value at once both keep their entry. `ideas` is the one map a commenter
 * may write besides comments: submitting an idea touches it and nothing else.
 */
export function initiativesMap(doc: Y.Doc): Y.Map<Entity> {
  return doc.getMap('initiatives');
}

export function kpisMap(doc: Y.Doc): Y.Map<Entity> {
  return doc.getMap('kpis');
}

export function ideasMap(doc: Y.Doc): Y.Map<Entity> {
  return doc.getMap(IDEAS_ROOT);
}

/** The decision maps (observers). */
export function decisionMaps(doc: Y.Doc) {
  return [initiativesMap(doc), kpisMap(doc), ideasMap(doc)] as const;
}

/**
 * What a decisions undo should cover: the decision maps and the cards map (accepting an
 * idea creates a card, and undoing the triage should take the card back too).
 */
export function decisionsUndoScope(doc: Y.Doc) {
  return [initiativesMap(doc), kpisMap(doc), ideasMap(doc), doc.getMap('cards')] as const;
}

export function arrayField(entity: Entity, key: string): Y.Array<unknown> | null {
  const value = entity.get(key);
  return value instanceof Y.Array ? (value as Y.Array<unknown>) : null;
}

/** Plain objects only: entries come from other peers and are untrusted. */
export function recordsOf(array: Y.Array<unknown> | null): Record<string, unknown>[] {
  if (!array) return [];
  return array
    .toArray()
    .filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null);
}
