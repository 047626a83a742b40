import * as Y from 'yjs';
import { EvidenceError } from './evidence-errors.ts';
import { newIdFor } from './random.ts';
import { replaceText, stagesMap, stringField, textField, type Entity } from './schema.ts';
import { annotationsMap, setOf, storiesMap } from './stories-schema.ts';
import type { StorySource } from './stories-types.ts';
import {
  EVIDENCE_LIMITS,
  checkDate,
  checkFreeText,
  checkLine,
  checkSource,
  checkStoryTitle,
} from './stories-validate.ts';
import type { Actor } from './types.ts';
import { checkId, write } from './validate.ts';
import { timeOf, type ClockOptions } from './clock.ts';

export interface StoryInput {
  title: string;
  source?: StorySource;
  customer?: string;
  /** `YYYY-MM-DD`. */
  date?: string | null;
  persona?: string;
  body?: string;
  stageIds?: readonly string[];
  /** Fixed id (imports, tests); default: a random one. */
  id?: string;
}

export type StoryPatch = Partial<
  Pick<StoryInput, 'title' | 'source' | 'customer' | 'date' | 'persona'>
>;

interface CheckedStory {
  id: string | undefined;
  title: string;
  source: StorySource;
  customer: string;
  date: string | null;
  persona: string;
  body: string;
  stageIds: readonly string[];
}

/** Validates one story without writing; throws EvidenceError. Used by imports per row. */
export function checkStoryInput(doc: Y.Doc, input: StoryInput): CheckedStory {
  const stageIds = input.stageIds ?? [];
  for (const stageId of stageIds) checkStageExists(doc, stageId);
  return {
    id: input.id === undefined ? undefined : checkId(input.id),
    title: checkStoryTitle(input.title),
    source: checkSource(input.source),
    customer: checkLine(input.customer, 'customer', EVIDENCE_LIMITS.customer),
    date: checkDate(input.date),
    persona: checkLine(input.persona, 'persona', EVIDENCE_LIMITS.persona),
    body: checkFreeText(input.body, 'story text', EVIDENCE_LIMITS.storyBody),
    stageIds,
  };
}

function checkStageExists(doc: Y.Doc, stageId: string): void {
  if (!stagesMap(doc).has(stageId)) {
    throw new EvidenceError('unknown-stage', `stage ${stageId} not found`);
  }
}

function insertStory(doc: Y.Doc, story: CheckedStory, actor: Actor, createdAt: number): string {
  const id = story.id ?? newIdFor(doc);
  if (storiesMap(doc).has(id)) throw new EvidenceError('invalid-target', `story ${id} exists`);
  const entity: Entity = new Y.Map();
  entity.set('title', story.title);
  entity.set('source', story.source);
  entity.set('customer', story.customer);
  entity.set('date', story.date);
  entity.set('persona', story.persona);
  entity.set('body', new Y.Text(story.body));
  const stages = new Y.Map<true>();
  for (const stageId of story.stageIds) stages.set(stageId, true);
  entity.set('stages', stages);
  entity.set('author', actor.userId);
  entity.set('createdAt', createdAt);
  storiesMap(doc).set(id, entity);
  return id;
}

export function addStory(
  doc: Y.Doc,
  input: StoryInput,
  actor: Actor,
  clock?: ClockOptions,
): string {
  const story = checkStoryInput(doc, input);
  const now = timeOf(clock);
  return write(doc, actor, () => insertStory(doc, story, actor, now));
}

/**
 * Adds every story in one transaction, or none: the first invalid input throws before
 * anything is written (CSV imports check rows with `checkStoryInput` first to report
 * every bad row at once).
 */
export function addStories(
  doc: Y.Doc,
  inputs: readonly StoryInput[],
  actor: Actor,
  clock?: ClockOptions,
): string[] {
  const stories = inputs.map((input) => checkStoryInput(doc, input));
  const now = timeOf(clock);
  // One millisecond apart, earliest row newest: newest-first lists keep the file's order.
  return write(doc, actor, () =>
    stories.map((story, index) => insertStory(doc, story, actor, now - index)),
  );
}

function storyEntity(doc: Y.Doc, storyId: string): Entity {
  const story = storiesMap(doc).get(storyId);
  if (!story) throw new EvidenceError('unknown-story', `story ${storyId} not found`);
  return story;
}

export function updateStory(doc: Y.Doc, storyId: string, patch: StoryPatch, actor: Actor): void {
  const story = storyEntity(doc, storyId);
  const values: [string, unknown][] = [];
  if (patch.title !== undefined) values.push(['title', checkStoryTitle(patch.title)]);
  if (patch.source !== undefined) values.push(['source', checkSource(patch.source)]);
  if (patch.customer !== undefined) {
    values.push(['customer', checkLine(patch.customer, 'customer', EVIDENCE_LIMITS.customer)]);
  }
  if (patch.date !== undefined) values.push(['date', checkDate(patch.date)]);
  if (patch.persona !== undefined) {
    values.push(['persona', checkLine(patch.persona, 'persona', EVIDENCE_LIMITS.persona)]);
  }
  write(doc, actor, () => {
    for (const [key, value] of values) if (story.get(key) !== value) story.set(key, value);
  });
}

/** Deletes the story and its highlights (comments on them stay, unreachable, in `comments`). */
export function deleteStory(doc: Y.Doc, storyId: string, actor: Actor): void {
  storyEntity(doc, storyId);
  write(doc, actor, () => {
    const annotations = annotationsMap(doc);
    for (const [id, annotation] of [...annotations.entries()]) {
      if (stringField(annotation, 'storyId') === storyId) annotations.delete(id);
    }
    storiesMap(doc).delete(storyId);
  });
}

/**
 * The story's shared text, for editors to bind to. Give its transactions the same actor
 * as origin so undo stays per user.
 */
export function getStoryBody(doc: Y.Doc, storyId: string): Y.Text {
  const body = textField(storyEntity(doc, storyId), 'body');
  if (!body) throw new EvidenceError('unknown-story', `story ${storyId} has no body`);
  return body;
}

/** Replaces the body with the smallest edit, so concurrent typing elsewhere survives. */
export function setStoryBody(doc: Y.Doc, storyId: string, text: string, actor: Actor): void {
  const body = getStoryBody(doc, storyId);
  const checked = checkFreeText(text, 'story text', EVIDENCE_LIMITS.storyBody);
  write(doc, actor, () => replaceText(body, checked));
}

function stageSet(doc: Y.Doc, storyId: string): Y.Map<unknown> {
  const set = setOf(storyEntity(doc, storyId), 'stages');
  if (!set) throw new EvidenceError('unknown-story', `story ${storyId} has no stage set`);
  return set;
}

export function attachStoryToStage(doc: Y.Doc, storyId: string, stageId: string, actor: Actor) {
  const set = stageSet(doc, storyId);
  checkStageExists(doc, stageId);
  write(doc, actor, () => set.set(stageId, true));
}

export function detachStoryFromStage(doc: Y.Doc, storyId: string, stageId: string, actor: Actor) {
  const set = stageSet(doc, storyId);
  write(doc, actor, () => set.delete(stageId));
}
