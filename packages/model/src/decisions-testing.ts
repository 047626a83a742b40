// Helpers for the decision tests; not exported from the package.
import * as Y from 'yjs';
import { addCard } from './cards.ts';
import { addLane } from './lanes.ts';
import { addStage } from './stages.ts';
import { alice, bob } from './testing.ts';

export const carol = { userId: 'carol' };
export const DAY = 24 * 60 * 60 * 1000;
export const T0 = Date.UTC(2026, 0, 1);

/** Two stages, a friction lane, an ideas lane, and friction cards by Bob and Carol. */
export function decisionBoard() {
  const doc = new Y.Doc();
  const onboarding = addStage(doc, { name: 'Onboarding' }, alice);
  const activation = addStage(doc, { name: 'Activation' }, alice);
  const friction = addLane(doc, { name: 'Friction', kind: 'friction' }, alice);
  const ideas = addLane(doc, { name: 'Ideas', kind: 'opportunities' }, alice);
  const slowSetup = addCard(
    doc,
    { laneId: friction, stageId: onboarding, text: 'Setup takes two weeks\nSSO fails' },
    bob,
  );
  const noGuide = addCard(
    doc,
    { laneId: friction, stageId: activation, text: 'No guide', fields: { severity: 'high' } },
    carol,
  );
  const idea = addCard(doc, { laneId: ideas, stageId: onboarding, text: 'Video tour' }, alice);
  return { doc, onboarding, activation, friction, ideas, slowSetup, noGuide, idea };
}
