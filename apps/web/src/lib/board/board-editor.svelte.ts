import type * as Y from 'yjs';
import {
  addCard,
  addLane,
  addPersona,
  addStage,
  deleteCard,
  deleteLane,
  deletePersona,
  deleteStage,
  filterCards,
  moveCard,
  moveLane,
  moveStage,
  observeBoard,
  readBoard,
  renameLane,
  renameStage,
  setCardFields,
  setCardPersonas,
  setEmotionScore,
  setMission,
  setTitle,
  type Actor,
  type Board,
  type Card,
  type CardFieldPatch,
  type LaneKind,
  type PersonaInput,
  updatePersona,
} from '@journeyboard/model';
import { dropIndex, keyboardTarget, type Direction } from '#lib/map/card-navigation.ts';
import { CellIndex } from './cell-index.ts';
import { internBoard } from './intern.ts';
import { Notices } from './notices.svelte.ts';
import { UndoHistory } from './undo-history.svelte.ts';
import { Viewport } from '#lib/map/viewport.svelte.ts';

export interface BoardEditorOptions {
  doc: Y.Doc;
  actor: Actor;
  /** Viewers get the map without any way to change it. */
  readonly?: boolean;
  /** Undo merges writes closer together than this into one step (ms). */
  captureTimeout?: number;
}

/**
 * The journey map editor's state for one board: the board as plain data (with unchanged
 * parts reused between snapshots), the persona filter, what the local user has selected
 * and is editing, where they look (viewport), per-user undo, and every edit, written
 * through packages/model with this user's actor as origin.
 */
export class BoardEditor {
  readonly doc: Y.Doc;
  readonly actor: Actor;
  readonly history: UndoHistory;
  readonly viewport = new Viewport();
  readonly notices = new Notices();

  /** The card the local user has selected (presence broadcasts it). */
  selectedCardId = $state<string | null>(null);
  /** The card whose text the local user is typing in (presence broadcasts it). */
  editingCardId = $state<string | null>(null);
  readonly = $state(false);

  #board = $state.raw<Board | null>(null);
  #personaFilter = $state.raw<readonly string[]>([]);
  readonly #cells = new CellIndex();
  readonly #stopObserving: () => void;

  constructor({ doc, actor, readonly = false, captureTimeout }: BoardEditorOptions) {
    this.doc = doc;
    this.actor = actor;
    this.readonly = readonly;
    this.history = new UndoHistory(doc, actor, captureTimeout);
    this.#stopObserving = observeBoard(doc, (board, change) => this.#show(board, change.cardIds));
  }

  /** Null until `load()` or the first change. */
  get board(): Board | null {
    return this.#board;
  }

  /** Visible cards by cell (cellKey), after the persona filter. */
  get cells(): ReadonlyMap<string, readonly Card[]> {
    return this.#cells.cells;
  }

  get personaFilter(): readonly string[] {
    return this.#personaFilter;
  }

  /** Shows the document as it is now (after the local copy or the server delivered it). */
  load(): void {
    this.#show(readBoard(this.doc), null);
  }

  /**
   * `cardIds`: the only cards that changed since the board shown before (observeBoard
   * re-read just those), or null when anything may have changed.
   */
  #show(board: Board, cardIds: ReadonlySet<string> | null): void {
    const incremental = cardIds !== null && this.#board !== null;
    // An incremental snapshot already reuses every unchanged object; interning it would
    // compare all cards again on every keystroke.
    this.#board = incremental ? board : internBoard(this.#board, board);
    const gone = (id: string | null) =>
      id !== null &&
      (!incremental || cardIds.has(id)) &&
      !board.cards.some((card) => card.id === id);
    if (gone(this.selectedCardId)) this.selectedCardId = null;
    if (gone(this.editingCardId)) this.editingCardId = null;
    const live = this.#personaFilter.filter((id) => board.personas.some((p) => p.id === id));
    const filterChanged = live.length !== this.#personaFilter.length;
    if (filterChanged) this.#personaFilter = live;
    if (incremental && !filterChanged) {
      this.#cells.regroupCards(this.#board, this.#filter(), cardIds);
    } else {
      this.#regroup();
    }
  }

  #filter() {
    return { personaIds: this.#personaFilter };
  }

  #regroup(): void {
    if (this.#board) this.#cells.regroupAll(this.#board, this.#filter());
  }

  /** Runs a write unless read-only; every write is its own undo step. */
  #write<T>(fn: () => T): T | undefined {
    if (this.readonly) return undefined;
    this.history.stopCapturing();
    const result = fn();
    this.history.stopCapturing();
    return result;
  }

  togglePersonaFilter(personaId: string): void {
    const current = this.#personaFilter;
    this.#personaFilter = current.includes(personaId)
      ? current.filter((id) => id !== personaId)
      : [...current, personaId];
    this.#regroup();
  }

  clearPersonaFilter(): void {
    this.#personaFilter = [];
    this.#regroup();
  }

  /** Cards the filter shows, in board order. */
  visibleCards(): readonly Card[] {
    return this.#board ? filterCards(this.#board, { personaIds: this.#personaFilter }) : [];
  }

  select(cardId: string | null): void {
    this.selectedCardId = cardId;
    if (cardId !== this.editingCardId) this.editingCardId = null;
  }

  startEditing(cardId: string): void {
    if (this.readonly) return;
    this.selectedCardId = cardId;
    this.editingCardId = cardId;
  }

  stopEditing(): void {
    this.editingCardId = null;
  }

  undo(): void {
    if (!this.readonly) this.history.undo();
  }

  redo(): void {
    if (!this.readonly) this.history.redo();
  }

  setTitle(title: string): void {
    this.#write(() => setTitle(this.doc, title, this.actor));
  }

  setMission(text: string): void {
    this.#write(() => setMission(this.doc, text, this.actor));
  }

  addStage(name: string, index?: number): string | undefined {
    return this.#write(() => addStage(this.doc, { name, index }, this.actor));
  }

  renameStage(stageId: string, name: string): void {
    this.#write(() => renameStage(this.doc, stageId, name, this.actor));
  }

  moveStage(stageId: string, index: number): void {
    this.#write(() => moveStage(this.doc, stageId, index, this.actor));
  }

  deleteStage(stageId: string): void {
    if (this.readonly) return;
    const name = this.#board?.stages.find((stage) => stage.id === stageId)?.name ?? 'Stage';
    this.#write(() => deleteStage(this.doc, stageId, this.actor));
    this.notices.show(`Stage “${name}” deleted`, { undo: () => this.undo() });
  }

  addLane(name: string, kind: LaneKind, index?: number): string | undefined {
    return this.#write(() => addLane(this.doc, { name, kind, index }, this.actor));
  }

  renameLane(laneId: string, name: string): void {
    this.#write(() => renameLane(this.doc, laneId, name, this.actor));
  }

  moveLane(laneId: string, index: number): void {
    this.#write(() => moveLane(this.doc, laneId, index, this.actor));
  }

  deleteLane(laneId: string): void {
    if (this.readonly) return;
    const name = this.#board?.lanes.find((lane) => lane.id === laneId)?.name ?? 'Lane';
    this.#write(() => deleteLane(this.doc, laneId, this.actor));
    this.notices.show(`Lane “${name}” deleted`, { undo: () => this.undo() });
  }

  addCard(laneId: string, stageId: string, text: string): string | undefined {
    // A card added while a persona filter is on would vanish at once: tag it instead.
    const personaIds = this.#personaFilter;
    return this.#write(() => addCard(this.doc, { laneId, stageId, text, personaIds }, this.actor));
  }

  /** Moves a card to sit before `beforeId` (or last) in a cell, as a drop does. */
  dropCard(cardId: string, target: { laneId: string; stageId: string; beforeId: string | null }) {
    const board = this.#board;
    if (!board) return;
    const index = dropIndex(board, cardId, target);
    this.#write(() =>
      moveCard(
        this.doc,
        cardId,
        { laneId: target.laneId, stageId: target.stageId, index },
        this.actor,
      ),
    );
  }

  /** Keyboard move: returns false at the map's edge. */
  moveCardBy(cardId: string, direction: Direction): boolean {
    const board = this.#board;
    const target = board && keyboardTarget(board, cardId, direction);
    if (!target || this.readonly) return false;
    this.#write(() => moveCard(this.doc, cardId, target, this.actor));
    return true;
  }

  deleteCard(cardId: string): void {
    if (this.readonly) return;
    this.#write(() => deleteCard(this.doc, cardId, this.actor));
    if (this.selectedCardId === cardId) this.selectedCardId = null;
    this.notices.show('Card deleted', { undo: () => this.undo() });
  }

  setCardFields(cardId: string, patch: CardFieldPatch): void {
    this.#write(() => setCardFields(this.doc, cardId, patch, this.actor));
  }

  setCardPersonas(cardId: string, personaIds: readonly string[]): void {
    this.#write(() => setCardPersonas(this.doc, cardId, personaIds, this.actor));
  }

  /** Dragging a point writes many scores; they merge into one undo step (no stopCapturing). */
  setEmotionScore(laneId: string, stageId: string, score: number | null): void {
    if (this.readonly) return;
    setEmotionScore(this.doc, { laneId, stageId, score }, this.actor);
  }

  addPersona(input: PersonaInput): string | undefined {
    return this.#write(() => addPersona(this.doc, input, this.actor));
  }

  updatePersona(personaId: string, patch: Partial<PersonaInput>): void {
    this.#write(() => updatePersona(this.doc, personaId, patch, this.actor));
  }

  deletePersona(personaId: string): void {
    if (this.readonly) return;
    const name = this.#board?.personas.find((p) => p.id === personaId)?.name ?? 'Persona';
    this.#write(() => deletePersona(this.doc, personaId, this.actor));
    this.notices.show(`Persona “${name}” deleted`, { undo: () => this.undo() });
  }

  destroy(): void {
    this.#stopObserving();
    this.history.destroy();
    this.notices.destroy();
  }
}
