import { groupCardsByCell, cellKey, type Board, type Card, type Lane } from '@journeyboard/model';

export type Direction = 'left' | 'right' | 'up' | 'down';

export interface CardTarget {
  readonly laneId: string;
  readonly stageId: string;
  /** Position among the target cell's other cards (moveCard's `index`). */
  readonly index: number;
}

/** Lanes that show cards: the emotion lane is drawn as a curve instead. */
function cardLanes(board: Board): readonly Lane[] {
  return board.lanes.filter((lane) => lane.kind !== 'emotion');
}

/**
 * Where a keyboard move sends a card: left/right to the same row position of the
 * neighbouring stage; up/down one place within its cell, and past the cell's edge into
 * the lane above (as its last card) or below (as its first). Null at the map's edge.
 * Positions count all cards, not only those a persona filter shows.
 */
export function keyboardTarget(
  board: Board,
  cardId: string,
  direction: Direction,
): CardTarget | null {
  const card = board.cards.find((candidate) => candidate.id === cardId);
  if (!card) return null;
  const cells = groupCardsByCell(board);
  const cell = (laneId: string, stageId: string): readonly Card[] =>
    cells.get(cellKey(laneId, stageId)) ?? [];
  const here = cell(card.laneId, card.stageId);
  const index = here.findIndex((candidate) => candidate.id === cardId);

  if (direction === 'left' || direction === 'right') {
    const stageIndex = board.stages.findIndex((stage) => stage.id === card.stageId);
    const stage = board.stages[stageIndex + (direction === 'left' ? -1 : 1)];
    if (!stage) return null;
    return {
      laneId: card.laneId,
      stageId: stage.id,
      index: Math.min(index, cell(card.laneId, stage.id).length),
    };
  }
  if (direction === 'up' && index > 0) {
    return { laneId: card.laneId, stageId: card.stageId, index: index - 1 };
  }
  if (direction === 'down' && index < here.length - 1) {
    return { laneId: card.laneId, stageId: card.stageId, index: index + 1 };
  }
  const lanes = cardLanes(board);
  const laneIndex = lanes.findIndex((lane) => lane.id === card.laneId);
  const lane = lanes[laneIndex + (direction === 'up' ? -1 : 1)];
  if (!lane) return null;
  return {
    laneId: lane.id,
    stageId: card.stageId,
    index: direction === 'up' ? cell(lane.id, card.stageId).length : 0,
  };
}

/**
 * The index moveCard needs to put `cardId` just before `beforeId` (or last when null) in
 * a cell, counting every card of the cell but the moved one: a drop indicator is placed
 * among the visible cards, which a persona filter may have thinned out.
 */
export function dropIndex(
  board: Board,
  cardId: string,
  target: { laneId: string; stageId: string; beforeId: string | null },
): number {
  const others = (groupCardsByCell(board).get(cellKey(target.laneId, target.stageId)) ?? []).filter(
    (card) => card.id !== cardId,
  );
  if (target.beforeId === null) return others.length;
  const at = others.findIndex((card) => card.id === target.beforeId);
  return at === -1 ? others.length : at;
}
