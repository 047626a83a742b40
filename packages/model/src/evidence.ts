import type * as Y from 'yjs';
import { cardsMap, lanesMap, placeOf, stagesMap, eachEntity } from './schema.ts';
import { readAnnotations, readStories } from './stories-read.ts';
import { evidenceMaps } from './stories-schema.ts';
import type { AnnotationTag, Story } from './stories-types.ts';

export interface EvidenceQuote {
  readonly annotationId: string;
  readonly storyId: string;
  readonly storyTitle: string;
  readonly customer: string;
  readonly text: string;
  readonly tag: AnnotationTag;
  readonly note: string;
}

export interface CardEvidence {
  /** Live highlights linked to the card (orphaned ones do not count). */
  readonly count: number;
  /** Distinct stories those highlights come from: "backed by N stories". */
  readonly storyCount: number;
  /** The quotes, newest story first, in text order within a story. */
  readonly quotes: readonly EvidenceQuote[];
}

function quotesByCard(doc: Y.Doc, stories: readonly Story[]): Map<string, EvidenceQuote[]> {
  const byId = new Map(stories.map((story) => [story.id, story]));
  const result = new Map<string, EvidenceQuote[]>();
  for (const annotation of readAnnotations(doc)) {
    const story = byId.get(annotation.storyId);
    if (!story) continue;
    for (const cardId of annotation.cardIds) {
      const list = result.get(cardId) ?? [];
      list.push({
        annotationId: annotation.id,
        storyId: story.id,
        storyTitle: story.title,
        customer: story.customer,
        text: annotation.text,
        tag: annotation.tag,
        note: annotation.note,
      });
      result.set(cardId, list);
    }
  }
  const rank = new Map(stories.map((story, index) => [story.id, index]));
  for (const list of result.values()) {
    list.sort((a, b) => (rank.get(a.storyId) ?? 0) - (rank.get(b.storyId) ?? 0));
  }
  return result;
}

function toEvidence(quotes: readonly EvidenceQuote[]): CardEvidence {
  return Object.freeze({
    count: quotes.length,
    storyCount: new Set(quotes.map((quote) => quote.storyId)).size,
    quotes: Object.freeze([...quotes]),
  });
}

const NO_EVIDENCE: CardEvidence = Object.freeze({ count: 0, storyCount: 0, quotes: [] });

export function evidenceForCard(doc: Y.Doc, cardId: string): CardEvidence {
  const quotes = quotesByCard(doc, readStories(doc)).get(cardId);
  return quotes ? toEvidence(quotes) : NO_EVIDENCE;
}

/** Evidence of every card that has some, in one pass (for rendering the whole map). */
export function evidenceByCard(doc: Y.Doc): Map<string, CardEvidence> {
  const result = new Map<string, CardEvidence>();
  for (const [cardId, quotes] of quotesByCard(doc, readStories(doc))) {
    result.set(cardId, toEvidence(quotes));
  }
  return result;
}

/** Visible cards (live lane and stage) that no live highlight backs: the map filter. */
export function cardsWithoutEvidence(doc: Y.Doc): string[] {
  const backed = evidenceByCard(doc);
  const lanes = lanesMap(doc);
  const stages = stagesMap(doc);
  const result: string[] = [];
  eachEntity(cardsMap(doc), (card, id) => {
    const place = placeOf(card);
    if (!place || !lanes.has(place.laneId) || !stages.has(place.stageId)) return;
    if (!backed.has(id)) result.push(id);
  });
  return result.sort();
}

/** Stories with no live highlight yet, newest first. */
export function unannotatedStories(doc: Y.Doc): string[] {
  const annotated = new Set(readAnnotations(doc).map((annotation) => annotation.storyId));
  return readStories(doc)
    .filter((story) => !annotated.has(story.id))
    .map((story) => story.id);
}

/** The live cards a story backs through its highlights, sorted. */
export function cardsBackedByStory(doc: Y.Doc, storyId: string): string[] {
  const cards = new Set<string>();
  for (const annotation of readAnnotations(doc, { storyId })) {
    for (const cardId of annotation.cardIds) cards.add(cardId);
  }
  return [...cards].sort();
}

/**
 * Calls `listener` once after every transaction that changed stories, highlights,
 * comments, or the cards and stages they point at. Returns the unsubscribe function.
 */
export function observeEvidence(
  doc: Y.Doc,
  listener: (change: { origin: unknown; local: boolean }) => void,
): () => void {
  let dirty: Y.Transaction | null = null;
  const markDirty = (_events: unknown, transaction: Y.Transaction) => {
    dirty = transaction;
  };
  // Evidence needs to know which cards exist and whether their lane and stage do; card
  // text and fields do not matter. Typing in a card (every keystroke, everyone's) must
  // not re-read every story, highlight and comment thread.
  const cards = cardsMap(doc);
  const markCardsDirty = (
    events: Y.YEvent<Y.AbstractType<unknown>>[],
    transaction: Y.Transaction,
  ) => {
    const placed = events.some(
      (event) =>
        event.target === cards || (event.path.length === 1 && event.changes.keys.has('place')),
    );
    if (placed) dirty = transaction;
  };
  const flush = (transaction: Y.Transaction) => {
    if (dirty !== transaction) return;
    dirty = null;
    listener({ origin: transaction.origin, local: transaction.local });
  };
  const maps = [...evidenceMaps(doc), stagesMap(doc), lanesMap(doc)];
  for (const map of maps) map.observeDeep(markDirty);
  cards.observeDeep(markCardsDirty);
  doc.on('afterTransaction', flush);
  return () => {
    for (const map of maps) map.unobserveDeep(markDirty);
    cards.unobserveDeep(markCardsDirty);
    doc.off('afterTransaction', flush);
  };
}
