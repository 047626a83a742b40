import type { Board, Card, Stage } from '@journeyboard/model';

export type TrayRow =
  | { kind: 'stage'; key: string; stage: Stage; count: number }
  | { kind: 'card'; key: string; card: Card; lane: string };

export interface TrayFilter {
  query: string;
  laneId: string;
  stageId: string;
}

/** Heights of the tray's rows (px): fixed, so the list can place rows without measuring. */
export const ROW_HEIGHT = { stage: 34, card: 76 } as const;

/**
 * The tray's list: the map's cards that have text and pass the filter (words in the
 * text, one lane, one stage; empty means any), grouped under their stage in map order.
 */
export function trayRows(board: Board, filter: TrayFilter): TrayRow[] {
  const needle = filter.query.trim().toLocaleLowerCase();
  const lanes = new Map(board.lanes.map((lane) => [lane.id, lane.name]));
  const byStage = new Map<string, Card[]>();
  for (const card of board.cards) {
    if (card.text.trim() === '') continue;
    if (filter.laneId && card.laneId !== filter.laneId) continue;
    if (filter.stageId && card.stageId !== filter.stageId) continue;
    if (needle && !card.text.toLocaleLowerCase().includes(needle)) continue;
    const list = byStage.get(card.stageId);
    if (list) list.push(card);
    else byStage.set(card.stageId, [card]);
  }
  const laneOrder = new Map(board.lanes.map((lane, index) => [lane.id, index]));
  const rows: TrayRow[] = [];
  for (const stage of board.stages) {
    const cards = byStage.get(stage.id);
    if (!cards) continue;
    cards.sort((a, b) => (laneOrder.get(a.laneId) ?? 0) - (laneOrder.get(b.laneId) ?? 0));
    rows.push({ kind: 'stage', key: `stage:${stage.id}`, stage, count: cards.length });
    for (const card of cards) {
      rows.push({ kind: 'card', key: card.id, card, lane: lanes.get(card.laneId) ?? '' });
    }
  }
  return rows;
}

/** Top of each row, and the list's height. */
export function rowOffsets(rows: readonly TrayRow[]): { tops: number[]; height: number } {
  const tops: number[] = [];
  let y = 0;
  for (const row of rows) {
    tops.push(y);
    y += ROW_HEIGHT[row.kind];
  }
  return { tops, height: y };
}

/** The rows a viewport from `top`, `height` px tall shows, plus `overscan` rows each side. */
export function visibleRange(
  tops: readonly number[],
  top: number,
  height: number,
  overscan = 6,
): { start: number; end: number } {
  let low = 0;
  let high = tops.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (tops[mid]! <= top) low = mid + 1;
    else high = mid;
  }
  const first = Math.max(0, low - 1);
  let last = first;
  while (last < tops.length && tops[last]! < top + height) last++;
  return { start: Math.max(0, first - overscan), end: Math.min(tops.length, last + overscan) };
}
