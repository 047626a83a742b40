import { addCard, addStage, readBoard, type Board } from '@journeyboard/model';
import { openProvider, whenSynced, type HttpClient } from '../auth-helpers.ts';

const EXTRA_STAGES = ['Evaluation', 'Purchase', 'Setup', 'Adoption', 'Expansion', 'Renewal'];

/** The text of the i-th seeded card: "Card 12: …", so a test can find any one of them. */
const seededText = (i: number) => `Card ${i}: the customer compares plans and asks sales about SSO`;

/**
 * Fills a starter board with `count` cards spread over its card lanes and six more
 * stages, through the sync server as many clients over time would, and waits until the
 * server holds them all. Returns the board as the server holds it.
 */
export async function seedCards(owner: HttpClient, boardId: string, count: number): Promise<Board> {
  const provider = openProvider(owner.base, boardId, owner.cookie);
  const doc = provider.doc;
  const actor = { userId: 'seed' };
  try {
    await whenSynced(provider);
    for (const name of EXTRA_STAGES) addStage(doc, { name }, actor);
    const board = readBoard(doc);
    const lanes = board.lanes.filter((lane) => lane.kind !== 'emotion' && lane.kind !== 'kpis');
    const cells = lanes.flatMap((lane) => board.stages.map((stage) => [lane.id, stage.id]));
    // Batches keep each update well under the server's update size limit.
    for (let start = 0; start < count; start += 100) {
      doc.transact(() => {
        for (let i = start; i < Math.min(count, start + 100); i++) {
          const [laneId, stageId] = cells[i % cells.length]!;
          addCard(doc, { laneId: laneId!, stageId: stageId!, text: seededText(i) }, actor);
        }
      }, actor);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // A fresh connection's sync answer is the server's state: wait until it has them all.
    for (;;) {
      const check = openProvider(owner.base, boardId, owner.cookie);
      await whenSynced(check);
      const stored = readBoard(check.doc);
      check.destroy();
      if (stored.cards.length >= count) return stored;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    provider.destroy();
    doc.destroy();
  }
}
