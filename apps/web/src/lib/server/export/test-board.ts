// A board that exercises every export: shared by this folder's tests and the e2e seed.
import * as Y from 'yjs';
import {
  addAnnotation,
  addCard,
  addKpi,
  addStory,
  applyTemplate,
  createInitiative,
  readBoard,
  setEmotionScore,
  setInitiativeStatus,
  setMission,
  setStageKeeper,
  writeVoteEntry,
  type Actor,
} from '@journeyboard/model';

export const ada: Actor = { userId: 'ada' };
export const NAMES = new Map([['ada', 'Ada Lovelace']]);

export function exportBoard(): Y.Doc {
  const doc = new Y.Doc();
  applyTemplate(doc, 'starter', ada, { title: 'Checkout <journey> & "more"' });
  setMission(doc, 'Make paying feel effortless.', ada);
  const board = readBoard(doc);
  const [awareness, onboarding] = board.stages;
  const friction = board.lanes.find((lane) => lane.kind === 'friction')!;
  const emotion = board.lanes.find((lane) => lane.kind === 'emotion')!;
  setStageKeeper(doc, onboarding!.id, 'ada', ada);
  board.stages.forEach((stage, index) =>
    setEmotionScore(doc, { laneId: emotion.id, stageId: stage.id, score: (index % 5) - 2 }, ada),
  );
  const card = addCard(
    doc,
    { laneId: friction.id, stageId: onboarding!.id, text: '=SUM(A1) card form rejects spaces' },
    ada,
  );
  const second = addCard(
    doc,
    { laneId: friction.id, stageId: awareness!.id, text: 'Pricing page is confusing' },
    ada,
  );
  const story = addStory(
    doc,
    { title: 'Ticket 4411', source: 'support-ticket', customer: 'Jo', body: 'It failed twice.' },
    ada,
  );
  addAnnotation(doc, { storyId: story, start: 3, end: 16, tag: 'pain', cardIds: [card] }, ada);
  addKpi(
    doc,
    { stageId: onboarding!.id, name: 'Activation rate', unit: '%', target: 40, value: 31 },
    ada,
  );
  // Distinct creation times: initiatives list oldest first, ties broken by random id.
  const active = createInitiative(
    doc,
    { title: 'Accept spaces', ownerId: 'ada', cardIds: [card] },
    ada,
    { now: 1_000 },
  );
  setInitiativeStatus(doc, active, 'active', ada);
  const stopped = createInitiative(
    doc,
    { title: 'Rewrite pricing', ownerId: 'ada', cardIds: [second] },
    ada,
    { now: 2_000 },
  );
  setInitiativeStatus(doc, stopped, 'stopped', ada, { reason: 'Marketing owns the page now' });
  writeVoteEntry(
    doc,
    {
      id: 'v1',
      title: 'Top friction',
      createdBy: 'ada',
      createdAt: 1,
      mode: 'async',
      privacy: 'secret',
      budget: 3,
      maxPerCard: 2,
      cardIds: [card, second],
      endsAt: null,
      minVoters: 3,
      status: 'revealed',
      revealedAt: 2,
      results: {
        tallies: { [card]: 5, [second]: 2 },
        voterCount: 4,
        voters: null,
        departments: [],
      },
    },
    ada,
  );
  return doc;
}
