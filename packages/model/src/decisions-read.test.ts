import { describe, expect, it } from 'vitest';
import { addStage, setStageKeeper } from './stages.ts';
import { carol, decisionBoard } from './decisions-testing.ts';
import {
  rankFriction,
  recognition,
  stagesWithoutKeeper,
  cardVotes,
  observeDecisions,
} from './decisions-read.ts';
import { getCardText, moveCard } from './cards.ts';
import { acceptIdea, submitIdea } from './ideas.ts';
import { initiativeFromCard, setInitiativeStatus } from './initiatives.ts';
import { readBoard } from './read.ts';
import { alice, bob } from './testing.ts';
import { writeVoteEntry, type VoteEntry } from './voting.ts';

function revealed(id: string, createdAt: number, tallies: Record<string, number>): VoteEntry {
  return {
    id,
    title: id,
    createdBy: 'alice',
    createdAt,
    mode: 'live',
    privacy: 'secret',
    budget: 5,
    maxPerCard: 3,
    cardIds: Object.keys(tallies),
    endsAt: null,
    minVoters: 3,
    status: 'revealed',
    revealedAt: createdAt + 1,
    results: { tallies, voterCount: 3, voters: null, departments: [] },
  };
}

describe('keepers', () => {
  it('flags stages without a keeper', () => {
    const { doc, onboarding, activation } = decisionBoard();
    expect(stagesWithoutKeeper(readBoard(doc)).map((s) => s.id)).toEqual([onboarding, activation]);
    setStageKeeper(doc, onboarding, 'bob', alice);
    const loyalty = addStage(doc, { name: 'Loyalty' }, alice);
    expect(stagesWithoutKeeper(readBoard(doc)).map((s) => s.id)).toEqual([activation, loyalty]);
    setStageKeeper(doc, activation, 'carol', alice);
    setStageKeeper(doc, loyalty, 'alice', alice);
    expect(stagesWithoutKeeper(readBoard(doc))).toEqual([]);
  });
});

describe('ranked friction', () => {
  it('ranks by severity then board order when nobody has voted', () => {
    const { doc, slowSetup, noGuide } = decisionBoard();
    expect(rankFriction(doc).map((r) => [r.cardId, r.votes, r.raisedBy])).toEqual([
      [noGuide, 0, 'carol'],
      [slowSetup, 0, 'bob'],
    ]);
  });

  it('ranks by the votes of the newest revealed session that held the card', () => {
    const { doc, slowSetup, noGuide } = decisionBoard();
    const server = { userId: 'server' };
    writeVoteEntry(doc, revealed('old', 1, { [slowSetup]: 1, [noGuide]: 9 }), server);
    writeVoteEntry(doc, revealed('new', 2, { [slowSetup]: 4 }), server);
    writeVoteEntry(
      doc,
      { ...revealed('open', 3, { [noGuide]: 0 }), status: 'open', results: null },
      server,
    );
    expect(cardVotes(doc)).toEqual(
      new Map([
        [slowSetup, 4],
        [noGuide, 9],
      ]),
    );
    expect(rankFriction(doc).map((r) => r.cardId)).toEqual([noGuide, slowSetup]);
  });

  it('says which initiatives already take a card on', () => {
    const { doc, slowSetup } = decisionBoard();
    const id = initiativeFromCard(doc, slowSetup, {}, alice);
    expect(rankFriction(doc).find((r) => r.cardId === slowSetup)?.initiativeIds).toEqual([id]);
  });
});

describe('recognition', () => {
  it('credits friction raised, ideas accepted and initiatives that came of them', () => {
    const { doc, slowSetup, noGuide, onboarding, friction } = decisionBoard();
    const a = initiativeFromCard(doc, slowSetup, {}, alice);
    initiativeFromCard(doc, noGuide, {}, alice);
    setInitiativeStatus(doc, a, 'done', alice);
    const idea = submitIdea(doc, { stageId: onboarding, kind: 'friction', text: 'Forms' }, carol);
    acceptIdea(doc, idea, { laneId: friction }, bob);
    expect(recognition(doc)).toEqual([
      { userId: 'carol', frictionRaised: 2, ideasAccepted: 1, initiatives: 1, initiativesDone: 0 },
      { userId: 'bob', frictionRaised: 1, ideasAccepted: 0, initiatives: 1, initiativesDone: 1 },
    ]);
  });
});

describe('observeDecisions', () => {
  it('ignores typing outside friction cards but not friction text or a move into friction', () => {
    const { doc, friction, onboarding, slowSetup, idea } = decisionBoard();
    let calls = 0;
    const stop = observeDecisions(doc, () => calls++);
    getCardText(doc, idea).insert(0, 'typing ');
    expect(calls).toBe(0);
    getCardText(doc, slowSetup).insert(0, 'Really: ');
    expect(calls).toBe(1);
    moveCard(doc, idea, { laneId: friction, stageId: onboarding }, alice);
    expect(calls).toBe(2);
    stop();
  });
});
