import type { Board, Card } from '@journeyboard/model';

export interface CardMatch {
  card: Card;
  /** "Customer actions · Awareness" */
  place: string;
}

/**
 * Cards whose text holds the query (any case, spaces trimmed), in board order (stage,
 * then lane, then position), at most `limit`, and how many matched in all. The map only
 * renders what is near the screen, so the browser's find-in-page cannot see the rest.
 */
export function searchCards(
  board: Board,
  cards: readonly Card[],
  query: string,
  limit = 8,
): { matches: CardMatch[]; total: number } {
  const needle = query.trim().toLocaleLowerCase();
  if (!needle) return { matches: [], total: 0 };
  const stageIndex = new Map(board.stages.map((stage, index) => [stage.id, index]));
  const laneIndex = new Map(board.lanes.map((lane, index) => [lane.id, index]));
  const found = cards.filter((card) => card.text.toLocaleLowerCase().includes(needle));
  found.sort(
    (a, b) =>
      (stageIndex.get(a.stageId) ?? 0) - (stageIndex.get(b.stageId) ?? 0) ||
      (laneIndex.get(a.laneId) ?? 0) - (laneIndex.get(b.laneId) ?? 0),
  );
  const lanes = new Map(board.lanes.map((lane) => [lane.id, lane.name]));
  const stages = new Map(board.stages.map((stage) => [stage.id, stage.name]));
  return {
    total: found.length,
    matches: found.slice(0, limit).map((card) => ({
      card,
      place: `${lanes.get(card.laneId) ?? ''} · ${stages.get(card.stageId) ?? ''}`,
    })),
  };
}
