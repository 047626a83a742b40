import type * as Y from 'yjs';
import {
  cardsWithoutEvidence,
  evidenceByCard,
  openThreadCounts,
  readAnnotations,
  readStories,
  readThreads,
  unannotatedStories,
  type Annotation,
  type CardEvidence,
  type CommentThread,
  type Story,
} from '@journeyboard/model';

/** Everything the stories panel and the evidence badges show, read in one go. */
export interface StoriesSnapshot {
  readonly stories: readonly Story[];
  readonly annotations: readonly Annotation[];
  readonly evidence: ReadonlyMap<string, CardEvidence>;
  readonly threads: readonly CommentThread[];
  /** Open threads per `kind:id`. */
  readonly openThreads: ReadonlyMap<string, number>;
  readonly unannotated: ReadonlySet<string>;
  readonly withoutEvidence: ReadonlySet<string>;
}

export const EMPTY_SNAPSHOT: StoriesSnapshot = {
  stories: [],
  annotations: [],
  evidence: new Map(),
  threads: [],
  openThreads: new Map(),
  unannotated: new Set(),
  withoutEvidence: new Set(),
};

export function readSnapshot(doc: Y.Doc): StoriesSnapshot {
  return {
    stories: readStories(doc),
    annotations: readAnnotations(doc),
    evidence: evidenceByCard(doc),
    threads: readThreads(doc),
    openThreads: openThreadCounts(doc),
    unannotated: new Set(unannotatedStories(doc)),
    withoutEvidence: new Set(cardsWithoutEvidence(doc)),
  };
}

/** Distinct cards the given highlights are linked to. */
export function linkedCards(annotations: readonly Annotation[]): string[] {
  return [...new Set(annotations.flatMap((annotation) => annotation.cardIds))];
}
