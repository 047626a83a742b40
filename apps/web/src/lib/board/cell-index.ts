import { SvelteMap } from 'svelte/reactivity';
import {
  cellKey,
  groupCardsByCell,
  type Board,
  type Card,
  type CardFilter,
} from '@journeyboard/model';

function sameList<T>(a: readonly T[] | undefined, b: readonly T[]): boolean {
  return a !== undefined && a.length === b.length && a.every((item, index) => item === b[index]);
}

/**
 * The map's cards by cell (cellKey), after the persona filter. Each cell is its own
 * signal (a SvelteMap key): a change to some cards replaces the lists of the cells they
 * left or entered and nothing else, so typing in one card re-renders one cell's list,
 * not the other cells. Empty cells have no key.
 */
export class CellIndex {
  readonly #cells = new SvelteMap<string, readonly Card[]>();
  /** Where each shown card is, to find the cell a changed card left. */
  readonly #cellOf = new Map<string, string>();

  get cells(): ReadonlyMap<string, readonly Card[]> {
    return this.#cells;
  }

  /** Everything may have changed (the first read, a lane or stage change, the filter). */
  regroupAll(board: Board, filter: CardFilter): void {
    const grouped = groupCardsByCell(board, filter);
    for (const key of [...this.#cells.keys()]) if (!grouped.has(key)) this.#cells.delete(key);
    this.#cellOf.clear();
    for (const [key, list] of grouped) {
      if (!sameList(this.#cells.get(key), list)) this.#cells.set(key, list);
      for (const card of list) this.#cellOf.set(card.id, key);
    }
  }

  /** Only `cardIds` changed (added, edited, moved or deleted) between the last board and `board`. */
  regroupCards(board: Board, filter: CardFilter, cardIds: ReadonlySet<string>): void {
    if (cardIds.size === 0) return;
    const wanted = filter.personaIds ?? [];
    const shown = (card: Card) =>
      wanted.length === 0 || card.personaIds.some((id) => wanted.includes(id));
    const touched = new Set<string>();
    for (const id of cardIds) {
      const key = this.#cellOf.get(id);
      if (key !== undefined) touched.add(key);
      this.#cellOf.delete(id);
    }
    for (const card of board.cards) {
      if (cardIds.has(card.id) && shown(card)) touched.add(cellKey(card.laneId, card.stageId));
    }
    const lists = new Map<string, Card[]>();
    for (const key of touched) lists.set(key, []);
    for (const card of board.cards) {
      const list = lists.get(cellKey(card.laneId, card.stageId));
      if (list && shown(card)) list.push(card);
    }
    for (const [key, list] of lists) {
      for (const card of list) this.#cellOf.set(card.id, key);
      if (list.length === 0) this.#cells.delete(key);
      else if (!sameList(this.#cells.get(key), list)) this.#cells.set(key, list);
    }
  }
}
