import type { Lane, Stage } from '@journeyboard/model';
import type { BoardEditor } from '#lib/board/board-editor.svelte.ts';

type HeaderType = 'stage' | 'lane';

/**
 * Reordering stages and lanes by dragging their headers: which header is dragged, and
 * which side of which header it would land on (the drop line the headers show).
 */
export class HeaderDrag {
  dragged = $state<{ type: HeaderType; id: string } | null>(null);
  drop = $state<{ id: string; side: 'before' | 'after' } | null>(null);

  readonly #editor: BoardEditor;
  readonly #lists: () => { stages: readonly Stage[]; lanes: readonly Lane[] };

  constructor(
    editor: BoardEditor,
    lists: () => { stages: readonly Stage[]; lanes: readonly Lane[] },
  ) {
    this.#editor = editor;
    this.#lists = lists;
  }

  /** Where a header shows the drop line, if this drag is of its type. */
  sideOf(type: HeaderType, id: string): 'before' | 'after' | null {
    return this.drop?.id === id && this.dragged?.type === type ? this.drop.side : null;
  }

  /** A header's dragstart (with its id) or dragend (null). */
  start(event: DragEvent, type: HeaderType, id: string | null): void {
    if (id === null) {
      this.dragged = null;
      this.drop = null;
      return;
    }
    this.dragged = { type, id };
    event.dataTransfer?.setData('text/plain', id);
    if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
  }

  /** dragover on the map: true (and the drop line moves) when over a header of the dragged type. */
  over(event: DragEvent): boolean {
    if (!this.dragged) return false;
    const attr = this.dragged.type === 'stage' ? 'data-stage-header' : 'data-lane-header';
    const element = (event.target as HTMLElement).closest<HTMLElement>(`[${attr}]`);
    const id = element?.getAttribute(attr);
    if (!element || !id) return false;
    const rect = element.getBoundingClientRect();
    const before =
      this.dragged.type === 'stage'
        ? event.clientX < rect.left + rect.width / 2
        : event.clientY < rect.top + rect.height / 2;
    this.drop = { id, side: before ? 'before' : 'after' };
    return true;
  }

  /** The drop: moves the stage or lane next to the header it was dropped on. */
  finish(): void {
    const from = this.dragged;
    const to = this.drop;
    this.dragged = null;
    this.drop = null;
    if (!from || !to || from.id === to.id) return;
    const { stages, lanes } = this.#lists();
    const list = from.type === 'stage' ? stages : lanes;
    const others = list.filter((item) => item.id !== from.id);
    const at = others.findIndex((item) => item.id === to.id);
    if (at === -1) return;
    const index = to.side === 'before' ? at : at + 1;
    if (from.type === 'stage') this.#editor.moveStage(from.id, index);
    else this.#editor.moveLane(from.id, index);
  }
}
