import { addCard, addStory, readBoard, readStories } from '@journeyboard/model';
import { expect, vi } from 'vitest';
import { openProvider, whenSynced, type HttpClient } from '../auth-helpers.ts';

export interface SeedContent {
  cardText: string;
  story: { title: string; body: string };
}

/**
 * Puts a card (in the starter template's friction lane, second stage) and a story on the
 * board the way another client would, and waits until the server holds them.
 */
export async function seedCardAndStory(
  owner: HttpClient,
  boardId: string,
  content: SeedContent,
  timeout: number,
): Promise<string> {
  const provider = openProvider(owner.base, boardId, owner.cookie);
  const doc = provider.doc;
  try {
    await whenSynced(provider);
    const board = readBoard(doc);
    const friction = board.lanes.find((lane) => lane.kind === 'friction');
    const stage = board.stages[1];
    if (!friction || !stage) throw new Error('the starter template has no friction lane');
    const seedActor = { userId: 'seed' };
    const cardId = addCard(
      doc,
      { laneId: friction.id, stageId: stage.id, text: content.cardText },
      seedActor,
    );
    addStory(doc, { ...content.story, source: 'interview', customer: 'Acme' }, seedActor);
    const check = openProvider(owner.base, boardId, owner.cookie);
    try {
      await vi.waitFor(
        async () => {
          await whenSynced(check);
          expect(readStories(check.doc)).toHaveLength(1);
        },
        { timeout },
      );
    } finally {
      check.destroy();
    }
    return cardId;
  } finally {
    provider.destroy();
    doc.destroy();
  }
}
