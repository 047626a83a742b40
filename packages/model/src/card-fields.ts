import { ModelError } from './errors.ts';
import { numberField, stringField, type Entity } from './schema.ts';
import {
  EMOTION_MAX,
  EMOTION_MIN,
  SEVERITIES,
  type CardFieldName,
  type CardFields,
  type LaneKind,
  type Severity,
} from './types.ts';
import { LIMITS, checkLabel } from './validate.ts';

/**
 * Which kind-specific fields a card may carry, by the kind of lane it sits in. A card
 * moved to a lane of another kind keeps its stored values (moving it back restores
 * them), but reads only show the fields its current lane allows.
 */
export const CARD_FIELDS_BY_KIND: Readonly<Record<LaneKind, readonly CardFieldName[]>> = {
  actions: [],
  touchpoints: ['channel', 'icon'],
  channels: ['channel', 'icon'],
  thoughts: ['score'],
  emotion: ['score'],
  friction: ['severity'],
  opportunities: [],
  backstage: ['department'],
  kpis: [],
  custom: ['icon'],
};

const FIELD_NAMES: readonly CardFieldName[] = [
  'score',
  'severity',
  'department',
  'channel',
  'icon',
];

export type CardFieldPatch = { -readonly [K in CardFieldName]?: CardFields[K] };

/**
 * Scores are whole steps on a fixed scale: a fractional or out-of-range value (say from
 * dragging the curve past its edge) is rounded and clamped rather than refused.
 */
export function clampScore(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ModelError('invalid-score', 'score must be a finite number');
  }
  return Math.min(EMOTION_MAX, Math.max(EMOTION_MIN, Math.round(value)));
}

function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** Validates a patch against the lane kind; returns the values to store (null = delete). */
export function checkFieldPatch(
  patch: CardFieldPatch,
  kind: LaneKind,
): Map<CardFieldName, string | number | null> {
  const out = new Map<CardFieldName, string | number | null>();
  for (const [name, value] of Object.entries(patch) as [string, unknown][]) {
    if (value === undefined) continue;
    if (!(FIELD_NAMES as readonly string[]).includes(name)) {
      throw new ModelError('invalid-field', `unknown card field ${name}`);
    }
    const field = name as CardFieldName;
    if (!CARD_FIELDS_BY_KIND[kind].includes(field)) {
      throw new ModelError('field-not-allowed', `${kind} lanes have no ${field} field`);
    }
    if (value === null) out.set(field, null);
    else if (field === 'score') out.set(field, clampScore(value));
    else if (field === 'severity') {
      if (!isSeverity(value))
        throw new ModelError('invalid-field', `bad severity ${JSON.stringify(value)}`);
      out.set(field, value);
    } else out.set(field, checkLabel(value, field, LIMITS.field));
  }
  return out;
}

export function applyFieldPatch(card: Entity, values: Map<CardFieldName, string | number | null>) {
  values.forEach((value, field) => {
    if (value === null) card.delete(field);
    else card.set(field, value);
  });
}

export function readFields(card: Entity, kind: LaneKind): CardFields {
  const allowed = CARD_FIELDS_BY_KIND[kind];
  const score = allowed.includes('score') ? numberField(card, 'score') : null;
  const severity = allowed.includes('severity') ? stringField(card, 'severity') : null;
  const text = (field: CardFieldName) =>
    allowed.includes(field) ? stringField(card, field) : null;
  return {
    score: score === null ? null : clampScore(score),
    severity: isSeverity(severity) ? severity : null,
    department: text('department'),
    channel: text('channel'),
    icon: text('icon'),
  };
}
