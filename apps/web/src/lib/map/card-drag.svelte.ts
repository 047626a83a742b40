export interface DropTarget {
  readonly laneId: string;
  readonly stageId: string;
  /** The visible card the dragged one goes before; null = at the end of the cell. */
  readonly beforeId: string | null;
}

export interface CardDragOptions {
  ondrop: (cardId: string, target: DropTarget) => void;
  /** The scroller to auto-scroll when the pointer nears its edge. */
  scroller: () => HTMLElement | undefined;
}

/** Pointer travel before a press on a card becomes a drag rather than a click. */
const DRAG_THRESHOLD = 5;
const EDGE = 48;

/**
 * Dragging cards between cells with pointer events (mouse, pen and touch alike): a
 * ghost follows the pointer and the cell under it shows where the card would land.
 */
export class CardDrag {
  #cardId = $state<string | null>(null);
  #target = $state.raw<DropTarget | null>(null);
  #ghost = $state.raw<{ x: number; y: number; width: number; text: string } | null>(null);
  readonly #options: CardDragOptions;
  #cleanup: (() => void) | null = null;
  #frame = 0;
  #pointer = { x: 0, y: 0 };

  constructor(options: CardDragOptions) {
    this.#options = options;
  }

  get cardId(): string | null {
    return this.#cardId;
  }

  get target(): DropTarget | null {
    return this.#target;
  }

  get ghost() {
    return this.#ghost;
  }

  /** Call on pointerdown on a card; the drag starts once the pointer has moved a little. */
  press(event: PointerEvent, cardId: string, element: HTMLElement): void {
    if (event.button !== 0 || this.#cleanup) return;
    const startX = event.clientX;
    const startY = event.clientY;
    const rect = element.getBoundingClientRect();
    const offset = { x: startX - rect.left, y: startY - rect.top };
    let started = false;

    const move = (moveEvent: PointerEvent) => {
      this.#pointer = { x: moveEvent.clientX, y: moveEvent.clientY };
      if (!started) {
        if (Math.hypot(moveEvent.clientX - startX, moveEvent.clientY - startY) < DRAG_THRESHOLD) {
          return;
        }
        started = true;
        this.#cardId = cardId;
        this.#ghost = { x: 0, y: 0, width: rect.width, text: element.innerText };
        this.#autoScroll();
      }
      moveEvent.preventDefault();
      this.#ghost = {
        ...this.#ghost!,
        x: moveEvent.clientX - offset.x,
        y: moveEvent.clientY - offset.y,
      };
      this.#target = targetAt(moveEvent.clientX, moveEvent.clientY, cardId);
    };
    const up = () => {
      const target = this.#target;
      this.#end();
      if (started && target) this.#options.ondrop(cardId, target);
      if (started) suppressNextClick();
    };
    const key = (keyEvent: KeyboardEvent) => {
      if (keyEvent.key === 'Escape') this.#end();
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', () => this.#end(), { once: true });
    window.addEventListener('keydown', key, true);
    this.#cleanup = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('keydown', key, true);
    };
  }

  #end(): void {
    this.#cleanup?.();
    this.#cleanup = null;
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#cardId = null;
    this.#target = null;
    this.#ghost = null;
  }

  #autoScroll(): void {
    const step = () => {
      const scroller = this.#options.scroller();
      if (!scroller || !this.#cardId) return;
      const rect = scroller.getBoundingClientRect();
      const { x, y } = this.#pointer;
      const dx = x < rect.left + EDGE ? -12 : x > rect.right - EDGE ? 12 : 0;
      const dy = y < rect.top + EDGE ? -12 : y > rect.bottom - EDGE ? 12 : 0;
      if (dx || dy) scroller.scrollBy(dx, dy);
      this.#frame = requestAnimationFrame(step);
    };
    this.#frame = requestAnimationFrame(step);
  }

  destroy(): void {
    this.#end();
  }
}

function targetAt(x: number, y: number, cardId: string): DropTarget | null {
  const cell = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-cell]');
  const laneId = cell?.dataset.laneId;
  const stageId = cell?.dataset.stageId;
  if (!cell || !laneId || !stageId) return null;
  let beforeId: string | null = null;
  for (const card of cell.querySelectorAll<HTMLElement>('[data-card-id]')) {
    if (card.dataset.cardId === cardId) continue;
    const rect = card.getBoundingClientRect();
    if (y < rect.top + rect.height / 2) {
      beforeId = card.dataset.cardId ?? null;
      break;
    }
  }
  return { laneId, stageId, beforeId };
}

/** The click that ends a drag must not select or open what it lands on. */
function suppressNextClick(): void {
  const swallow = (event: MouseEvent) => {
    event.stopPropagation();
    event.preventDefault();
  };
  window.addEventListener('click', swallow, { capture: true, once: true });
  setTimeout(() => window.removeEventListener('click', swallow, { capture: true }), 0);
}
