import * as Y from 'yjs';
import { addCard } from './cards.ts';
import { ideasMap } from './decisions-schema.ts';
import { IDEA_KINDS, type Idea, type IdeaKind, type IdeaTriage } from './decisions-types.ts';
import { timeOf, type ClockOptions } from './clock.ts';
import { DECISION_LIMITS, checkNote } from './decisions-validate.ts';
import { ModelError } from './errors.ts';
import { newIdFor } from './random.ts';
import {
  cardsMap,
  lanesMap,
  numberField,
  stagesMap,
  stringField,
  type Entity,
  eachEntity,
} from './schema.ts';
import type { Actor } from './types.ts';
import { checkLabel, mustExist, write } from './validate.ts';

/*
 * The idea inbox. Anyone who may comment may submit: submitting writes the `ideas` map
 * and nothing else (the sync server lets commenters write there). Triage writes the map
 * (a card) and so needs an editor; when the stage has a keeper, only the keeper triages.
 */

export interface IdeaInput {
  stageId: string;
  kind: IdeaKind;
  text: string;
}

export function isIdeaKind(value: unknown): value is IdeaKind {
  return typeof value === 'string' && (IDEA_KINDS as readonly string[]).includes(value);
}

function ideaEntity(doc: Y.Doc, id: string): Entity {
  return mustExist(ideasMap(doc).get(id), 'unknown-idea', id);
}

export function submitIdea(
  doc: Y.Doc,
  input: IdeaInput,
  actor: Actor,
  options?: ClockOptions,
): string {
  mustExist(stagesMap(doc).get(input.stageId), 'unknown-stage', input.stageId);
  if (!isIdeaKind(input.kind)) {
    throw new ModelError('invalid-kind', `an idea is one of ${IDEA_KINDS.join(', ')}`);
  }
  const text = checkLabel(input.text, 'idea', DECISION_LIMITS.idea);
  const at = timeOf(options);
  const id = newIdFor(doc);
  return write(doc, actor, () => {
    const entity: Entity = new Y.Map();
    entity.set('stageId', input.stageId);
    entity.set('kind', input.kind);
    entity.set('text', text);
    entity.set('author', actor.userId);
    entity.set('createdAt', at);
    ideasMap(doc).set(id, entity);
    return id;
  });
}

/** The open idea, its stage, and a check that the actor may triage it. */
function untriaged(doc: Y.Doc, ideaId: string, actor: Actor): { entity: Entity; stageId: string } {
  const entity = ideaEntity(doc, ideaId);
  if (entity.get('triage')) throw new ModelError('already-triaged', `idea ${ideaId} was triaged`);
  const stageId = stringField(entity, 'stageId') ?? '';
  const stage = mustExist(stagesMap(doc).get(stageId), 'unknown-stage', stageId);
  const keeper = stringField(stage, 'keeperId');
  if (keeper !== null && keeper !== actor.userId) {
    throw new ModelError('not-keeper', "only the stage's keeper triages its ideas");
  }
  return { entity, stageId };
}

export interface AcceptIdeaOptions extends ClockOptions {
  /** A lane of any kind; the card lands in the idea's stage. */
  laneId: string;
  note?: string;
}

/**
 * Puts the idea on the map as a card in `laneId` and the idea's stage, in one undoable
 * step. The card's author is the idea's author, so whoever raised it is credited.
 */
export function acceptIdea(
  doc: Y.Doc,
  ideaId: string,
  options: AcceptIdeaOptions,
  actor: Actor,
): string {
  const { entity, stageId } = untriaged(doc, ideaId, actor);
  mustExist(lanesMap(doc).get(options.laneId), 'unknown-lane', options.laneId);
  const note = checkNote(options.note, 'note', DECISION_LIMITS.reason);
  const at = timeOf(options);
  const author = stringField(entity, 'author') ?? actor.userId;
  const text = stringField(entity, 'text') ?? '';
  return write(doc, actor, () => {
    // Nested in this transaction: the card and the triage are one change and one undo.
    const cardId = addCard(doc, { laneId: options.laneId, stageId, text }, actor);
    cardsMap(doc).get(cardId)?.set('author', author);
    const triage: IdeaTriage = { by: actor.userId, at, outcome: 'accepted', cardId, note };
    entity.set('triage', triage);
    return cardId;
  });
}

export function dismissIdea(
  doc: Y.Doc,
  ideaId: string,
  actor: Actor,
  options?: ClockOptions & { note?: string },
): void {
  const { entity } = untriaged(doc, ideaId, actor);
  const note = checkNote(options?.note, 'note', DECISION_LIMITS.reason);
  const at = timeOf(options);
  write(doc, actor, () => {
    const triage: IdeaTriage = { by: actor.userId, at, outcome: 'dismissed', cardId: null, note };
    entity.set('triage', triage);
  });
}

function triageOf(entity: Entity): IdeaTriage | null {
  const value = entity.get('triage');
  if (typeof value !== 'object' || value === null) return null;
  const { by, at, outcome, cardId, note } = value as Record<string, unknown>;
  if (typeof by !== 'string' || typeof at !== 'number') return null;
  if (outcome !== 'accepted' && outcome !== 'dismissed') return null;
  return {
    by,
    at,
    outcome,
    cardId: typeof cardId === 'string' ? cardId : null,
    note: typeof note === 'string' ? note : '',
  };
}

export interface ReadIdeasOptions {
  stageId?: string;
  /** Only ideas still waiting for triage. */
  open?: boolean;
}

/** Ideas of live stages, newest first. */
export function readIdeas(doc: Y.Doc, options: ReadIdeasOptions = {}): Idea[] {
  const stages = stagesMap(doc);
  const list: Idea[] = [];
  eachEntity(ideasMap(doc), (entity, id) => {
    const stageId = stringField(entity, 'stageId');
    const kind = entity.get('kind');
    if (stageId === null || !stages.has(stageId) || !isIdeaKind(kind)) return;
    if (options.stageId !== undefined && stageId !== options.stageId) return;
    const triage = triageOf(entity);
    if (options.open && triage) return;
    list.push({
      id,
      stageId,
      kind,
      text: stringField(entity, 'text') ?? '',
      author: stringField(entity, 'author') ?? '',
      createdAt: numberField(entity, 'createdAt') ?? 0,
      triage,
    });
  });
  return list.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
}
