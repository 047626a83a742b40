import * as Y from 'yjs';
import { ModelError } from './errors.ts';
import { newIdFor } from './random.ts';
import {
  cardsMap,
  lanesMap,
  mapField,
  placeOf,
  setLabel,
  stagesMap,
  type Entity,
  eachEntity,
} from './schema.ts';
import { orderInMap } from './siblings.ts';
import type { Actor } from './types.ts';
import { LIMITS, checkId, checkIndex, checkLabel, mustExist, write } from './validate.ts';

export interface AddStageOptions {
  name: string;
  /** Position among the current stages; default: last. */
  index?: number;
  /** Fixed id (imports, tests); default: a random one. */
  id?: string;
}

function stageEntity(doc: Y.Doc, stageId: string): Entity {
  return mustExist(stagesMap(doc).get(stageId), 'unknown-stage', stageId);
}

export function addStage(doc: Y.Doc, options: AddStageOptions, actor: Actor): string {
  const name = checkLabel(options.name, 'stage name', LIMITS.name);
  const index = checkIndex(options.index);
  const id = options.id === undefined ? newIdFor(doc) : checkId(options.id);
  if (stagesMap(doc).has(id)) throw new ModelError('duplicate-id', `stage ${id} exists`);
  return write(doc, actor, () => {
    const stage: Entity = new Y.Map();
    stage.set('name', new Y.Text(name));
    stage.set('order', orderInMap(doc, stagesMap(doc), null, index));
    stagesMap(doc).set(id, stage);
    return id;
  });
}

export function renameStage(doc: Y.Doc, stageId: string, name: string, actor: Actor): void {
  const stage = stageEntity(doc, stageId);
  const checked = checkLabel(name, 'stage name', LIMITS.name);
  write(doc, actor, () => setLabel(stage, 'name', checked));
}

/** Moves a stage to `index` among the other stages. */
export function moveStage(doc: Y.Doc, stageId: string, index: number, actor: Actor): void {
  const stage = stageEntity(doc, stageId);
  const at = checkIndex(index);
  write(doc, actor, () => stage.set('order', orderInMap(doc, stagesMap(doc), stageId, at)));
}

/** Sets or clears (null) the member who keeps the stage current. */
export function setStageKeeper(
  doc: Y.Doc,
  stageId: string,
  keeperId: string | null,
  actor: Actor,
): void {
  const stage = stageEntity(doc, stageId);
  const keeper = keeperId === null ? null : checkLabel(keeperId, 'keeper id', LIMITS.userId);
  write(doc, actor, () => {
    if (keeper === null) stage.delete('keeperId');
    else stage.set('keeperId', keeper);
  });
}

/**
 * Deletes the stage together with its cards and its emotion scores, in one transaction.
 * A card another peer adds to (or moves into) the stage concurrently survives in the
 * doc as an orphan: reads never show it, and `repairBoard` deletes it.
 */
export function deleteStage(doc: Y.Doc, stageId: string, actor: Actor): void {
  stageEntity(doc, stageId);
  write(doc, actor, () => {
    const cards = cardsMap(doc);
    for (const [cardId, card] of [...cards.entries()]) {
      if (placeOf(card)?.stageId === stageId) cards.delete(cardId);
    }
    eachEntity(lanesMap(doc), (lane) => mapField(lane, 'scores')?.delete(stageId));
    stagesMap(doc).delete(stageId);
  });
}
