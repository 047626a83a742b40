import type * as Y from 'yjs';
import { cardsMap, lanesMap, mapField, personasMap, placeOf, stagesMap } from './schema.ts';
import { repairCell, repairMap } from './siblings.ts';
import type { Actor } from './types.ts';
import { write } from './validate.ts';

export interface RepairReport {
  /** Cards whose lane or stage no longer exists (hidden by reads until now). */
  readonly orphanCards: number;
  /** Siblings that shared an order key with another and got a new one. */
  readonly orderKeys: number;
  /** Emotion scores for deleted stages and card tags of deleted personas. */
  readonly staleEntries: number;
}

/**
 * Cleans up what concurrent edits can leave behind and reads already ignore: orphan
 * cards, duplicated order keys, scores of deleted stages, tags of deleted personas.
 * Safe to run by any peer at any time (one transaction; no change if nothing to do);
 * the visible board only changes where two siblings shared a key.
 */
export function repairBoard(doc: Y.Doc, actor: Actor): RepairReport {
  return write(doc, actor, () => {
    const stages = stagesMap(doc);
    const lanes = lanesMap(doc);
    const cards = cardsMap(doc);
    const personas = personasMap(doc);
    let orphanCards = 0;
    let staleEntries = 0;
    const cells = new Map<string, { laneId: string; stageId: string }>();
    for (const [cardId, card] of [...cards.entries()]) {
      const place = placeOf(card);
      if (!place || !lanes.has(place.laneId) || !stages.has(place.stageId)) {
        cards.delete(cardId);
        orphanCards++;
        continue;
      }
      cells.set(`${place.laneId}\u0000${place.stageId}`, place);
      const tags = mapField(card, 'personas');
      for (const personaId of [...(tags?.keys() ?? [])]) {
        if (!personas.has(personaId)) {
          tags?.delete(personaId);
          staleEntries++;
        }
      }
    }
    lanes.forEach((lane) => {
      const scores = mapField(lane, 'scores');
      for (const stageId of [...(scores?.keys() ?? [])]) {
        if (!stages.has(stageId)) {
          scores?.delete(stageId);
          staleEntries++;
        }
      }
    });
    let orderKeys = repairMap(doc, stages) + repairMap(doc, lanes) + repairMap(doc, personas);
    for (const cell of cells.values()) orderKeys += repairCell(doc, cell.laneId, cell.stageId);
    return { orphanCards, orderKeys, staleEntries };
  });
}
