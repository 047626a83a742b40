import type * as Y from 'yjs';
import { resolveSpan, isAnnotationTag } from './annotations.ts';
import { sortOrdered } from './order.ts';
import {
  numberField,
  orderOf,
  stagesMap,
  stringField,
  textField,
  type Entity,
  eachEntity,
} from './schema.ts';
import { annotationsMap, setOf, storiesMap } from './stories-schema.ts';
import type { Annotation, Story } from './stories-types.ts';
import { isStorySource } from './stories-validate.ts';

function liveStageIds(doc: Y.Doc, entity: Entity): string[] {
  const set = setOf(entity, 'stages');
  if (!set) return [];
  const stages = stagesMap(doc);
  const live: { id: string; order: string }[] = [];
  for (const id of set.keys()) {
    const stage = stages.get(id);
    if (stage) live.push({ id, order: orderOf(stage) });
  }
  return sortOrdered(live).map((stage) => stage.id);
}

function readStory(doc: Y.Doc, id: string, entity: Entity): Story {
  const source = entity.get('source');
  return Object.freeze({
    id,
    title: stringField(entity, 'title') ?? '',
    source: isStorySource(source) ? source : 'other',
    customer: stringField(entity, 'customer') ?? '',
    date: stringField(entity, 'date'),
    persona: stringField(entity, 'persona') ?? '',
    body: textField(entity, 'body')?.toJSON() ?? '',
    stageIds: Object.freeze(liveStageIds(doc, entity)),
    author: stringField(entity, 'author') ?? '',
    createdAt: numberField(entity, 'createdAt') ?? 0,
  });
}

/** Every story, newest first (ties by id, so every peer lists them alike). */
export function readStories(doc: Y.Doc): Story[] {
  const stories: Story[] = [];
  eachEntity(storiesMap(doc), (entity, id) => stories.push(readStory(doc, id, entity)));
  return stories.sort(
    (a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

export function readStoryById(doc: Y.Doc, storyId: string): Story | null {
  const entity = storiesMap(doc).get(storyId);
  return entity ? readStory(doc, storyId, entity) : null;
}

function readAnnotation(
  doc: Y.Doc,
  id: string,
  entity: Entity,
  bodies: Map<string, string>,
): Annotation | null {
  const storyId = stringField(entity, 'storyId');
  if (!storyId) return null;
  let body = bodies.get(storyId);
  if (body === undefined) {
    const story = storiesMap(doc).get(storyId);
    if (!story) return null;
    body = textField(story, 'body')?.toJSON() ?? '';
    bodies.set(storyId, body);
  }
  const span = resolveSpan(doc, entity) ?? { start: 0, end: 0 };
  const orphaned = span.start >= span.end;
  const tag = entity.get('tag');
  const cards = setOf(entity, 'cards');
  const cardsMap = doc.getMap('cards');
  const cardIds = cards ? [...cards.keys()].filter((cardId) => cardsMap.has(cardId)).sort() : [];
  return Object.freeze({
    id,
    storyId,
    tag: isAnnotationTag(tag) ? tag : 'quote',
    note: stringField(entity, 'note') ?? '',
    cardIds: Object.freeze(cardIds),
    start: span.start,
    end: orphaned ? span.start : span.end,
    text: orphaned ? '' : body.slice(span.start, span.end),
    orphaned,
    author: stringField(entity, 'author') ?? '',
    createdAt: numberField(entity, 'createdAt') ?? 0,
  });
}

export interface ReadAnnotationsOptions {
  /** Only this story's highlights. */
  storyId?: string;
  /** Include highlights whose text was deleted (hidden by default). */
  includeOrphaned?: boolean;
}

/**
 * Highlights of live stories, in text order per story (then by id). Orphaned ones are
 * left out unless asked for.
 */
export function readAnnotations(doc: Y.Doc, options: ReadAnnotationsOptions = {}): Annotation[] {
  const bodies = new Map<string, string>();
  const result: Annotation[] = [];
  eachEntity(annotationsMap(doc), (entity, id) => {
    if (options.storyId !== undefined && stringField(entity, 'storyId') !== options.storyId) return;
    const annotation = readAnnotation(doc, id, entity, bodies);
    if (annotation && (options.includeOrphaned || !annotation.orphaned)) result.push(annotation);
  });
  return result.sort(
    (a, b) =>
      (a.storyId < b.storyId ? -1 : a.storyId > b.storyId ? 1 : 0) ||
      a.start - b.start ||
      a.end - b.end ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
