import type * as Y from 'yjs';
import {
  addAnnotation,
  addComment,
  addStory,
  attachStoryToStage,
  createCardFromAnnotation,
  deleteAnnotation,
  deleteComment,
  deleteStory,
  evidenceUndoScope,
  detachStoryFromStage,
  importStoriesCsv,
  linkAnnotation,
  observeEvidence,
  reanchorAnnotations,
  reopenThread,
  resolveThread,
  setAnnotationNote,
  setAnnotationTag,
  unlinkAnnotation,
  updateStory,
  type Actor,
  type Annotation,
  type AnnotationTag,
  type CardEvidence,
  type CommentTarget,
  type CommentThread,
  type CsvMapping,
  type CsvTable,
  type Member,
  type Story,
  type StoryInput,
  type StoryPatch,
} from '@journeyboard/model';
import { createLocalUndoManager } from '../board/local-undo.ts';
import { EMPTY_SNAPSHOT, linkedCards, readSnapshot } from './snapshot.ts';

export interface StoriesStateOptions {
  doc: Y.Doc;
  actor: Actor;
  readonly?: () => boolean;
}

const NO_EVIDENCE: CardEvidence = { count: 0, storyCount: 0, quotes: [] };

/**
 * Customer stories on one board as plain data: stories, their highlights, the evidence
 * each card has, comment threads, and the panel's view state (open story, filters).
 * Every write goes through packages/model with this user's actor.
 */
export class StoriesState {
  readonly doc: Y.Doc;
  readonly actor: Actor;
  readonly #readonly: () => boolean;

  open = $state(false);
  selectedStoryId = $state<string | null>(null);
  /** Map filter: show only cards no highlight backs. */
  filterCardsWithoutEvidence = $state(false);
  /** Commenters may comment though the map is read-only for them; viewers may not. */
  canComment = $state(true);
  /** Who @mentions can name (set by the panel from the page's members). */
  members = $state.raw<readonly Member[]>([]);
  /** Panel filter: list only stories nobody has highlighted yet. */
  filterUnannotated = $state(false);

  #snapshot = $state.raw(EMPTY_SNAPSHOT);
  readonly #stop: () => void;
  /** Undo of story text and highlights; the map's own undo covers the map. */
  readonly #undo: Y.UndoManager;
  /** The origin of re-anchoring writes after undo: tracked by no undo manager. */
  readonly #reanchorOrigin = { reanchor: true };

  constructor({ doc, actor, readonly = () => false }: StoriesStateOptions) {
    this.doc = doc;
    this.actor = actor;
    this.#readonly = readonly;
    this.refresh();
    this.#stop = observeEvidence(doc, () => this.refresh());
    this.#undo = createLocalUndoManager(evidenceUndoScope(doc), actor, 500);
    // Only this document knows which restored characters replace the deleted ones, so
    // it moves highlights onto them for everyone. Its own origin keeps the move out of
    // the undo stack (and the redo stack intact).
    this.#undo.on('stack-item-popped', () => reanchorAnnotations(doc, this.#reanchorOrigin));
  }

  undo(): void {
    if (!this.readonly) this.#undo.undo();
  }

  redo(): void {
    if (!this.readonly) this.#undo.redo();
  }

  /** Editors that write with their own origin (the story's rich-text binding) join undo. */
  trackUndoOrigin(origin: unknown, track: boolean): void {
    if (track) this.#undo.addTrackedOrigin(origin);
    else this.#undo.removeTrackedOrigin(origin);
  }

  get readonly(): boolean {
    return this.#readonly();
  }

  refresh(): void {
    this.#snapshot = readSnapshot(this.doc);
    if (this.selectedStoryId && !this.stories.some((s) => s.id === this.selectedStoryId)) {
      this.selectedStoryId = null;
    }
  }

  get stories(): readonly Story[] {
    return this.#snapshot.stories;
  }

  get visibleStories(): readonly Story[] {
    return this.filterUnannotated
      ? this.#snapshot.stories.filter((story) => this.#snapshot.unannotated.has(story.id))
      : this.#snapshot.stories;
  }

  get selectedStory(): Story | null {
    return this.#snapshot.stories.find((story) => story.id === this.selectedStoryId) ?? null;
  }

  get unannotatedCount(): number {
    return this.#snapshot.unannotated.size;
  }

  get cardsWithoutEvidence(): ReadonlySet<string> {
    return this.#snapshot.withoutEvidence;
  }

  annotationsOf(storyId: string): readonly Annotation[] {
    return this.#snapshot.annotations.filter((annotation) => annotation.storyId === storyId);
  }

  evidenceOf(cardId: string): CardEvidence {
    return this.#snapshot.evidence.get(cardId) ?? NO_EVIDENCE;
  }

  /** Cards the story's highlights are linked to. */
  cardsBackedBy(storyId: string): string[] {
    return linkedCards(this.annotationsOf(storyId));
  }

  threadsOf(target: CommentTarget): readonly CommentThread[] {
    return this.#snapshot.threads.filter(
      (t) => t.target.kind === target.kind && t.target.id === target.id,
    );
  }

  /** Every comment thread on the board (cards, stories, highlights). */
  get threads(): readonly CommentThread[] {
    return this.#snapshot.threads;
  }

  /** The story a highlight is in, if it still exists. */
  storyOfHighlight(annotationId: string): string | null {
    return this.#snapshot.annotations.find((a) => a.id === annotationId)?.storyId ?? null;
  }

  openThreadCount(target: CommentTarget): number {
    return this.#snapshot.openThreads.get(`${target.kind}:${target.id}`) ?? 0;
  }

  openStory(storyId: string | null): void {
    this.selectedStoryId = storyId;
    if (storyId) this.open = true;
  }

  #write<T>(fn: () => T): T | undefined {
    return this.readonly ? undefined : fn();
  }

  addStory(input: StoryInput): string | undefined {
    const id = this.#write(() => addStory(this.doc, input, this.actor));
    if (id) this.selectedStoryId = id;
    return id;
  }

  updateStory(storyId: string, patch: StoryPatch): void {
    this.#write(() => updateStory(this.doc, storyId, patch, this.actor));
  }

  deleteStory(storyId: string): void {
    this.#write(() => deleteStory(this.doc, storyId, this.actor));
  }

  toggleStage(storyId: string, stageId: string, on: boolean): void {
    this.#write(() =>
      on
        ? attachStoryToStage(this.doc, storyId, stageId, this.actor)
        : detachStoryFromStage(this.doc, storyId, stageId, this.actor),
    );
  }

  highlight(storyId: string, start: number, end: number, tag: AnnotationTag): string | undefined {
    return this.#write(() => addAnnotation(this.doc, { storyId, start, end, tag }, this.actor));
  }

  setTag(annotationId: string, tag: AnnotationTag): void {
    this.#write(() => setAnnotationTag(this.doc, annotationId, tag, this.actor));
  }

  setNote(annotationId: string, note: string): void {
    this.#write(() => setAnnotationNote(this.doc, annotationId, note, this.actor));
  }

  deleteHighlight(annotationId: string): void {
    this.#write(() => deleteAnnotation(this.doc, annotationId, this.actor));
  }

  link(annotationId: string, cardId: string): void {
    this.#write(() => linkAnnotation(this.doc, annotationId, cardId, this.actor));
  }

  unlink(annotationId: string, cardId: string): void {
    this.#write(() => unlinkAnnotation(this.doc, annotationId, cardId, this.actor));
  }

  createCard(annotationId: string, laneId: string, stageId: string): string | undefined {
    return this.#write(() =>
      createCardFromAnnotation(this.doc, annotationId, { laneId, stageId }, this.actor),
    );
  }

  importCsv(table: CsvTable, mapping: CsvMapping): string[] | undefined {
    return this.#write(() => importStoriesCsv(this.doc, table, mapping, this.actor));
  }

  // Comments: commenters may write them too, so they skip the read-only check; the
  // sync server is what enforces who may write where.
  comment(target: CommentTarget, body: string, mentions: readonly string[]): string {
    return addComment(this.doc, { target, body, mentions }, this.actor);
  }

  reply(commentId: string, body: string, mentions: readonly string[]): string {
    return addComment(this.doc, { replyTo: commentId, body, mentions }, this.actor);
  }

  deleteComment(commentId: string): void {
    deleteComment(this.doc, commentId, this.actor);
  }

  resolve(threadId: string, resolved: boolean): void {
    if (resolved) resolveThread(this.doc, threadId, this.actor);
    else reopenThread(this.doc, threadId, this.actor);
  }

  destroy(): void {
    this.#stop();
    this.#undo.destroy();
  }
}
