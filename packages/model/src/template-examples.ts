import * as Y from 'yjs';
import { addCard, deleteCard } from './cards.ts';
import { orderInMap } from './siblings.ts';
import { cardsMap, lanesMap, mapField, personasMap, stringField, type Entity } from './schema.ts';
import type { Actor, LaneKind } from './types.ts';
import { write } from './validate.ts';

/** Example entities carry ids with this prefix, so one click can find and clear them. */
const EXAMPLE_PREFIX = 'ex-';
const PERSONA_ID = `${EXAMPLE_PREFIX}persona-0`;

/**
 * The seed journey of the starter template, for a fictional product (Tandem, an app that
 * pairs people to practise languages): onboarding → first value → habit → loyalty, on
 * the template's stages 1 to 4 (stage 0, Awareness, is left for the team's own cards).
 */
const EXAMPLE_CARDS: readonly (readonly [stage: number, lane: LaneKind, text: string])[] = [
  [1, 'actions', 'Signs up with a phone number and picks Spanish'],
  [1, 'thoughts', '“Do I really have to fill in all of this?”'],
  [1, 'friction', 'Profile asks for 9 fields before any match is shown'],
  [1, 'opportunities', 'Show three possible partners before asking for a profile'],
  [2, 'actions', 'First 15-minute call with a matched partner'],
  [2, 'touchpoints', 'In-app video call'],
  [2, 'thoughts', '“That was fun, and I understood most of it!”'],
  [2, 'kpis', 'First call within 24 h: 38 %'],
  [3, 'actions', 'Books a weekly slot with the same partner'],
  [3, 'friction', 'Time zones make rescheduling painful'],
  [3, 'opportunities', 'Suggest partners whose evenings overlap with yours'],
  [4, 'actions', 'Invites a friend to practise together'],
  [4, 'thoughts', '“Tandem is part of my week now.”'],
  [4, 'backstage', 'Referral credit granted by the billing service'],
];

/** The emotion curve of the seed journey, by stage index. */
const EXAMPLE_EMOTION: readonly (readonly [stage: number, score: number])[] = [
  [0, 1],
  [1, -2],
  [2, 2],
  [3, 0],
  [4, 3],
];

function laneOfKind(doc: Y.Doc, kind: LaneKind): string | undefined {
  let found: string | undefined;
  lanesMap(doc).forEach((lane, id) => {
    if (!found && lane instanceof Y.Map && stringField(lane, 'kind') === kind) found = id;
  });
  return found;
}

/**
 * Fills a freshly templated board (stages `t-stage-N`) with the seed journey: example
 * cards, a persona on them and an emotion curve. Fixed ids, so two peers seeding at once
 * write the same entries.
 */
export function addTemplateExamples(doc: Y.Doc, actor: Actor): void {
  write(doc, actor, () => {
    const persona: Entity = new Y.Map();
    persona.set('name', new Y.Text('Maya, 29, learning Spanish'));
    persona.set(
      'description',
      new Y.Text('Example persona: moved to Madrid for work, practises on her commute.'),
    );
    persona.set('colour', '#7c3aed');
    persona.set('order', orderInMap(doc, personasMap(doc), null, undefined));
    personasMap(doc).set(PERSONA_ID, persona);
    EXAMPLE_CARDS.forEach(([stage, kind, text], i) => {
      const laneId = laneOfKind(doc, kind);
      if (!laneId) return;
      addCard(
        doc,
        {
          laneId,
          stageId: `t-stage-${stage}`,
          text,
          id: `${EXAMPLE_PREFIX}card-${i}`,
          personaIds: kind === 'actions' ? [PERSONA_ID] : [],
        },
        actor,
      );
    });
    const emotion = laneOfKind(doc, 'emotion');
    const scores = emotion ? mapField(lanesMap(doc).get(emotion) as Entity, 'scores') : null;
    for (const [stage, score] of EXAMPLE_EMOTION) scores?.set(`t-stage-${stage}`, score);
  });
}

/** True while any example card or the example persona is still on the board. */
export function hasTemplateExamples(doc: Y.Doc): boolean {
  if (personasMap(doc).has(PERSONA_ID)) return true;
  for (const id of cardsMap(doc).keys()) if (id.startsWith(EXAMPLE_PREFIX)) return true;
  return false;
}

/**
 * Takes the examples off in one transaction (one undo step): the example cards, the
 * example persona, and the emotion scores still at their example values.
 */
export function clearTemplateExamples(doc: Y.Doc, actor: Actor): void {
  write(doc, actor, () => {
    for (const id of [...cardsMap(doc).keys()]) {
      if (id.startsWith(EXAMPLE_PREFIX)) deleteCard(doc, id, actor);
    }
    personasMap(doc).delete(PERSONA_ID);
    const emotion = laneOfKind(doc, 'emotion');
    const scores = emotion ? mapField(lanesMap(doc).get(emotion) as Entity, 'scores') : null;
    for (const [stage, score] of EXAMPLE_EMOTION) {
      if (scores?.get(`t-stage-${stage}`) === score) scores.delete(`t-stage-${stage}`);
    }
  });
}
