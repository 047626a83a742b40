import type * as Y from 'yjs';
import {
  acceptIdea,
  addKpi,
  deleteKpi,
  updateKpi,
  decisionsUndoScope,
  dismissIdea,
  initiativeFromCard,
  isModelError,
  observeDecisions,
  rankFriction,
  readBoard,
  readIdeas,
  readInitiatives,
  readKpis,
  recognition,
  recordKpiValue,
  setInitiativeStatus,
  setStageKeeper,
  stagesWithoutKeeper,
  submitIdea,
  updateInitiative,
  type Actor,
  type Idea,
  type IdeaInput,
  type Initiative,
  type InitiativeInput,
  type InitiativePatch,
  type InitiativeStatus,
  type Kpi,
  type KpiInput,
  type KpiPatch,
  type RankedFriction,
  type Recognition,
  type Stage,
} from '@journeyboard/model';
import { createLocalUndoManager } from '#lib/board/local-undo.ts';

export interface DecisionsStateOptions {
  doc: Y.Doc;
  actor: Actor;
  /** Whether this person may edit the map (owners and editors). */
  canEdit: () => boolean;
  /** Whether this person may submit ideas (commenters and up). */
  canSubmit: () => boolean;
  /** Shows a short notice with an Undo button (the map's toast line). */
  notify?: (message: string, undo: () => void) => void;
}

interface Snapshot {
  initiatives: readonly Initiative[];
  kpis: readonly Kpi[];
  ideas: readonly Idea[];
  ranked: readonly RankedFriction[];
  recognition: readonly Recognition[];
  keeperless: readonly Stage[];
  stages: readonly Stage[];
}

const EMPTY: Snapshot = {
  initiatives: [],
  kpis: [],
  ideas: [],
  ranked: [],
  recognition: [],
  keeperless: [],
  stages: [],
};

// Staleness is a matter of days: re-reading once an hour keeps the flag honest on a
// board left open overnight.
const CLOCK_TICK_MS = 60 * 60 * 1000;

/**
 * Decisions on one board as plain data: initiatives, stage KPIs, the idea inbox, the
 * ranked friction list and who raised what, plus the panel's view state. Every write
 * goes through packages/model with this user's actor (its own undo stack); a refused
 * write leaves a message in `error` instead of throwing into the UI.
 */
export class DecisionsState {
  readonly doc: Y.Doc;
  readonly actor: Actor;
  readonly #canEdit: () => boolean;
  readonly #canSubmit: () => boolean;
  readonly #notify: (message: string, undo: () => void) => void;

  open = $state(false);
  tab = $state<'priorities' | 'initiatives' | 'ideas' | 'people'>('priorities');
  /** The card a new initiative is being drafted from (Priorities tab). */
  draftCardId = $state<string | null>(null);
  error = $state<string | null>(null);

  #snapshot = $state.raw<Snapshot>(EMPTY);
  readonly #stop: () => void;
  readonly #undo: Y.UndoManager;
  readonly #timer: ReturnType<typeof setInterval>;

  constructor({ doc, actor, canEdit, canSubmit, notify = () => {} }: DecisionsStateOptions) {
    this.doc = doc;
    this.actor = actor;
    this.#canEdit = canEdit;
    this.#canSubmit = canSubmit;
    this.#notify = notify;
    this.refresh();
    this.#stop = observeDecisions(doc, () => this.refresh());
    this.#undo = createLocalUndoManager(decisionsUndoScope(doc), actor, 500);
    this.#timer = setInterval(() => this.refresh(), CLOCK_TICK_MS);
  }

  get canEdit(): boolean {
    return this.#canEdit();
  }

  get canSubmit(): boolean {
    return this.#canSubmit();
  }

  refresh(): void {
    const board = readBoard(this.doc);
    const initiatives = readInitiatives(this.doc);
    this.#snapshot = {
      initiatives,
      kpis: readKpis(this.doc, { now: Date.now() }),
      ideas: readIdeas(this.doc),
      ranked: rankFriction(this.doc, board),
      recognition: recognition(this.doc, board, initiatives),
      keeperless: stagesWithoutKeeper(board),
      stages: board.stages,
    };
  }

  get initiatives(): readonly Initiative[] {
    return this.#snapshot.initiatives;
  }

  get ranked(): readonly RankedFriction[] {
    return this.#snapshot.ranked;
  }

  get recognition(): readonly Recognition[] {
    return this.#snapshot.recognition;
  }

  get ideas(): readonly Idea[] {
    return this.#snapshot.ideas;
  }

  get openIdeas(): readonly Idea[] {
    return this.#snapshot.ideas.filter((idea) => idea.triage === null);
  }

  get keeperless(): readonly Stage[] {
    return this.#snapshot.keeperless;
  }

  get staleKpis(): readonly Kpi[] {
    return this.#snapshot.kpis.filter((kpi) => kpi.stale);
  }

  kpisOf(stageId: string): readonly Kpi[] {
    return this.#snapshot.kpis.filter((kpi) => kpi.stageId === stageId);
  }

  get kpis(): readonly Kpi[] {
    return this.#snapshot.kpis;
  }

  stageOf(stageId: string | null): Stage | null {
    return this.#snapshot.stages.find((stage) => stage.id === stageId) ?? null;
  }

  /** The keeper triages a stage's ideas; a stage nobody keeps, any editor. */
  canTriage(stageId: string): boolean {
    if (!this.canEdit) return false;
    const keeper = this.stageOf(stageId)?.keeperId ?? null;
    return keeper === null || keeper === this.actor.userId;
  }

  undo(): void {
    if (this.canEdit) this.#undo.undo();
  }

  /** Runs a write; a refusal from the model becomes the visible `error`. */
  #write<T>(allowed: boolean, fn: () => T): T | undefined {
    if (!allowed) return undefined;
    try {
      const result = fn();
      this.error = null;
      this.#undo.stopCapturing();
      return result;
    } catch (error) {
      if (!isModelError(error)) throw error;
      this.error = error.message;
      return undefined;
    }
  }

  createFromCard(cardId: string, input: Partial<InitiativeInput>): string | undefined {
    const id = this.#write(this.canEdit, () =>
      initiativeFromCard(this.doc, cardId, input, this.actor),
    );
    if (id) this.draftCardId = null;
    return id;
  }

  updateInitiative(id: string, patch: InitiativePatch): void {
    this.#write(this.canEdit, () => updateInitiative(this.doc, id, patch, this.actor));
  }

  /** Returns whether the change was made (stopping without a reason is refused). */
  setStatus(id: string, status: InitiativeStatus, reason?: string): boolean {
    const done = this.#write(this.canEdit, () => {
      setInitiativeStatus(this.doc, id, status, this.actor, { reason });
      return true;
    });
    if (done && status === 'stopped') this.#notify('Initiative stopped', () => this.undo());
    return done === true;
  }

  setKeeper(stageId: string, keeperId: string | null): void {
    this.#write(this.canEdit, () => setStageKeeper(this.doc, stageId, keeperId, this.actor));
  }

  addKpi(input: KpiInput): string | undefined {
    return this.#write(this.canEdit, () => addKpi(this.doc, input, this.actor));
  }

  recordKpi(id: string, value: number): boolean {
    return (
      this.#write(this.canEdit, () => {
        recordKpiValue(this.doc, id, value, this.actor);
        return true;
      }) === true
    );
  }

  updateKpi(id: string, patch: KpiPatch): boolean {
    return (
      this.#write(this.canEdit, () => {
        updateKpi(this.doc, id, patch, this.actor);
        return true;
      }) === true
    );
  }

  deleteKpi(id: string): void {
    const done = this.#write(this.canEdit, () => {
      deleteKpi(this.doc, id, this.actor);
      return true;
    });
    if (done) this.#notify('KPI deleted', () => this.undo());
  }

  submitIdea(input: IdeaInput): string | undefined {
    return this.#write(this.canSubmit, () => submitIdea(this.doc, input, this.actor));
  }

  acceptIdea(ideaId: string, laneId: string): string | undefined {
    const cardId = this.#write(this.canEdit, () =>
      acceptIdea(this.doc, ideaId, { laneId }, this.actor),
    );
    if (cardId) this.#notify('Idea put on the map', () => this.undo());
    return cardId;
  }

  dismissIdea(ideaId: string, note: string): void {
    const done = this.#write(this.canEdit, () => {
      dismissIdea(this.doc, ideaId, this.actor, { note });
      return true;
    });
    if (done) this.#notify('Idea dismissed', () => this.undo());
  }

  destroy(): void {
    clearInterval(this.#timer);
    this.#stop();
    this.#undo.destroy();
  }
}
