/**
 * Who performs a write. The object itself is the Yjs transaction origin, so the UI
 * creates one per session and passes the same object to `Y.UndoManager`'s
 * `trackedOrigins`: undo then only reverts that user's edits.
 */
export interface Actor {
  readonly userId: string;
}

export const LANE_KINDS = [
  'actions',
  'touchpoints',
  'channels',
  'thoughts',
  'emotion',
  'friction',
  'opportunities',
  'backstage',
  'kpis',
  'custom',
] as const;

export type LaneKind = (typeof LANE_KINDS)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

export type Severity = (typeof SEVERITIES)[number];

export const EMOTION_MIN = -3;
export const EMOTION_MAX = 3;

/** Kind-specific card fields; `null` means unset. */
export interface CardFields {
  /** Emotion score, an integer in EMOTION_MIN..EMOTION_MAX (emotion and thoughts lanes). */
  readonly score: number | null;
  /** Friction lanes. */
  readonly severity: Severity | null;
  /** Backstage lanes: which department acts. */
  readonly department: string | null;
  /** Touchpoint and channel lanes. */
  readonly channel: string | null;
  readonly icon: string | null;
}

export type CardFieldName = keyof CardFields;

export interface Stage {
  readonly id: string;
  readonly name: string;
  readonly order: string;
  /** The member who keeps the stage current; null when nobody does (the UI flags it). */
  readonly keeperId: string | null;
}

export interface Lane {
  readonly id: string;
  readonly name: string;
  readonly kind: LaneKind;
  readonly order: string;
  /** Emotion lanes: score per live stage id (absent = not scored). Empty for other kinds. */
  readonly scores: Readonly<Record<string, number>>;
}

export interface Card extends CardFields {
  readonly id: string;
  readonly laneId: string;
  readonly stageId: string;
  readonly order: string;
  readonly text: string;
  readonly author: string;
  /** Milliseconds since the epoch, as seen by the author's clock. */
  readonly createdAt: number;
  /** Live personas this card is tagged with, sorted. */
  readonly personaIds: readonly string[];
}

export interface Persona {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** `#rrggbb`. */
  readonly colour: string;
  readonly order: string;
}

export interface Board {
  readonly title: string;
  readonly mission: string;
  /** Sorted by (order, id). */
  readonly stages: readonly Stage[];
  /** Sorted by (order, id). */
  readonly lanes: readonly Lane[];
  /** Visible cards only (live lane and stage), sorted by (order, id); see cardsInCell. */
  readonly cards: readonly Card[];
  /** Sorted by (order, id). */
  readonly personas: readonly Persona[];
}
