import { generateNKeysBetween } from 'fractional-indexing';
import * as Y from 'yjs';
import { ModelError } from './errors.ts';
import { addTemplateExamples } from './template-examples.ts';
import { readTitle } from './meta.ts';
import {
  SCHEMA_VERSION,
  lanesMap,
  metaMap,
  setLabel,
  stagesMap,
  textField,
  type Entity,
} from './schema.ts';
import type { Actor, LaneKind } from './types.ts';
import { LIMITS, checkLabel, write } from './validate.ts';

export type TemplateId = 'blank' | 'starter';

export interface TemplateInfo {
  readonly id: TemplateId;
  readonly label: string;
  readonly description: string;
}

export const TEMPLATES: readonly TemplateInfo[] = Object.freeze([
  {
    id: 'blank',
    label: 'Blank board',
    description: 'One stage and one lane to start from.',
  },
  {
    id: 'starter',
    label: 'Customer journey',
    description:
      'Awareness to loyalty, with lanes for actions, touchpoints, feelings, the emotion curve, friction, opportunities, backstage and KPIs.',
  },
]);

interface TemplateShape {
  readonly title: string;
  readonly stages: readonly string[];
  readonly lanes: readonly (readonly [string, LaneKind])[];
}

// "Blank" still has one stage and one lane: the grid, its add-stage and add-lane
// controls and a first cell to type into are visible at once, so the empty state
// explains itself instead of showing an empty page.
const SHAPES: Readonly<Record<TemplateId, TemplateShape>> = {
  blank: {
    title: 'Untitled journey',
    stages: ['Stage 1'],
    lanes: [['Customer actions', 'actions']],
  },
  starter: {
    title: 'Customer journey',
    stages: ['Awareness', 'Onboarding', 'Activation', 'Perceived value', 'Loyalty'],
    lanes: [
      ['Customer actions', 'actions'],
      ['Touchpoints', 'touchpoints'],
      ['Thoughts & feelings', 'thoughts'],
      ['Emotion curve', 'emotion'],
      ['Friction points', 'friction'],
      ['Opportunities', 'opportunities'],
      ['Backstage', 'backstage'],
      ['KPIs', 'kpis'],
    ],
  },
};

export interface ApplyTemplateOptions {
  /** Board title; default: the current title, else the template's. */
  title?: string;
  /** Starter only: the seed journey's example cards, persona and emotion curve. */
  examples?: boolean;
}

function isTemplateId(value: unknown): value is TemplateId {
  return TEMPLATES.some((template) => template.id === value);
}

/**
 * Lays out a new board. Refuses a board that already has stages or lanes.
 *
 * Template entities get fixed ids and keys (`t-stage-0`, ...), not random ones: if two
 * peers apply a template to the same fresh board at once, they write the same entries
 * and the merge holds one copy instead of two.
 */
export function applyTemplate(
  doc: Y.Doc,
  template: TemplateId,
  actor: Actor,
  options: ApplyTemplateOptions = {},
): void {
  if (!isTemplateId(template)) {
    throw new ModelError('unknown-template', `unknown template ${String(template)}`);
  }
  if (stagesMap(doc).size > 0 || lanesMap(doc).size > 0) {
    throw new ModelError('board-not-empty', 'templates apply to empty boards only');
  }
  const shape = SHAPES[template];
  const current = readTitle(metaMap(doc));
  const title =
    options.title !== undefined
      ? checkLabel(options.title, 'title', LIMITS.title)
      : current || shape.title;
  write(doc, actor, () => {
    const meta = metaMap(doc);
    meta.set('schema', SCHEMA_VERSION);
    setLabel(meta, 'title', title);
    if (!textField(meta, 'mission')) meta.set('mission', new Y.Text());
    const stageKeys = generateNKeysBetween(null, null, shape.stages.length);
    shape.stages.forEach((name, i) => {
      const stage: Entity = new Y.Map();
      stage.set('name', new Y.Text(name));
      stage.set('order', stageKeys[i]);
      stagesMap(doc).set(`t-stage-${i}`, stage);
    });
    const laneKeys = generateNKeysBetween(null, null, shape.lanes.length);
    shape.lanes.forEach(([name, kind], i) => {
      const lane: Entity = new Y.Map();
      lane.set('name', new Y.Text(name));
      lane.set('kind', kind);
      lane.set('order', laneKeys[i]);
      if (kind === 'emotion') lane.set('scores', new Y.Map());
      lanesMap(doc).set(`t-lane-${i}`, lane);
    });
    if (options.examples && template === 'starter') addTemplateExamples(doc, actor);
  });
}
