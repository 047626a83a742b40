export const INITIATIVE_STATUSES = ['proposed', 'active', 'done', 'stopped'] as const;

export type InitiativeStatus = (typeof INITIATIVE_STATUSES)[number];

/** Expected impact and effort are rated 1 (low) to 5 (high): the value/effort matrix. */
export const RATING_MIN = 1;
export const RATING_MAX = 5;

/** One entry of an initiative's history: who moved it, when, from where to where, why. */
export interface StatusChange {
  readonly by: string;
  readonly at: number;
  /** Null for the creation entry. */
  readonly from: InitiativeStatus | null;
  readonly to: InitiativeStatus;
  /** Required when stopping; optional otherwise (empty string when none). */
  readonly reason: string;
}

export interface Initiative {
  readonly id: string;
  readonly title: string;
  /** The member who owns it. */
  readonly ownerId: string;
  readonly stageId: string | null;
  /** The stage KPI it should move, if any (and still there). */
  readonly kpiId: string | null;
  readonly impact: number;
  readonly effort: number;
  readonly status: InitiativeStatus;
  /** Linked friction cards still on the board, sorted. */
  readonly cardIds: readonly string[];
  /** Who raised the friction it came from (credited even if the cards are gone), sorted. */
  readonly raisedBy: readonly string[];
  /** What was learnt (most useful for stopped and done initiatives). */
  readonly learnt: string;
  /** Oldest first. */
  readonly history: readonly StatusChange[];
  readonly createdBy: string;
  readonly createdAt: number;
}

export interface KpiValue {
  readonly value: number;
  readonly by: string;
  readonly at: number;
}

export interface Kpi {
  readonly id: string;
  readonly stageId: string;
  readonly name: string;
  /** "%", "days", "NPS"…; may be empty. */
  readonly unit: string;
  readonly target: number | null;
  readonly order: string;
  /** Oldest first. */
  readonly values: readonly KpiValue[];
  /** The latest value, or null before the first update. */
  readonly current: number | null;
  /** When it was last updated (its creation when never updated). */
  readonly updatedAt: number;
  /** Not updated for KPI_STALE_DAYS days. */
  readonly stale: boolean;
  readonly createdBy: string;
  readonly createdAt: number;
}

export const IDEA_KINDS = ['idea', 'friction'] as const;

export type IdeaKind = (typeof IDEA_KINDS)[number];

export interface IdeaTriage {
  readonly by: string;
  readonly at: number;
  readonly outcome: 'accepted' | 'dismissed';
  /** Accepted: the card it became. */
  readonly cardId: string | null;
  readonly note: string;
}

export interface Idea {
  readonly id: string;
  readonly stageId: string;
  readonly kind: IdeaKind;
  readonly text: string;
  readonly author: string;
  readonly createdAt: number;
  /** Null while it waits in the inbox. */
  readonly triage: IdeaTriage | null;
}

/** A friction card in priority order, with the votes the last reveal gave it. */
export interface RankedFriction {
  readonly cardId: string;
  readonly stageId: string;
  readonly text: string;
  readonly raisedBy: string;
  readonly votes: number;
  readonly severity: string | null;
  /** Initiatives that already link the card. */
  readonly initiativeIds: readonly string[];
}

/** What one member raised and what came of it. */
export interface Recognition {
  readonly userId: string;
  /** Friction cards they raised (still on the board). */
  readonly frictionRaised: number;
  /** Ideas of theirs accepted onto the map. */
  readonly ideasAccepted: number;
  /** Initiatives that came from what they raised. */
  readonly initiatives: number;
  /** Of which done. */
  readonly initiativesDone: number;
}
