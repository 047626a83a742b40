/** What a viewer or commenter just tried, in words for the notice ("typing into a card"). */
export type EditAttempt = string;

const WHERE: [selector: string, what: string][] = [
  ['[data-card-id]', 'a card'],
  ['[data-cell]', 'a cell'],
  ['[data-stage-header]', 'a stage'],
  ['[data-lane-header]', 'a lane'],
  ['.point-cell', 'the emotion curve'],
  ['.title-text', 'the title'],
  ['.mission', 'the mission'],
];

function placeOf(target: EventTarget | null): string | null {
  if (!(target instanceof Element)) return null;
  for (const [selector, what] of WHERE) if (target.closest(selector)) return what;
  return null;
}

/** Keys that would change something when an editor presses them on the map. */
function isEditKey(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  if (['Enter', 'F2', 'Delete', 'Backspace'].includes(event.key)) return true;
  return event.key.length === 1 && event.key !== ' ';
}

/** A double click is how an editor starts editing a card, a name or the title. */
function doubleClickAttempt(event: MouseEvent): EditAttempt | null {
  const place = placeOf(event.target);
  if (!place) return null;
  return place === 'a cell' ? 'adding a card' : `editing ${place}`;
}

function keyAttempt(event: KeyboardEvent): EditAttempt | null {
  if (!isEditKey(event)) return null;
  // Typing into a real field (a comment, the search) is allowed wherever it is.
  const target = event.target as Element | null;
  if (target?.closest('input, textarea, select, [contenteditable="true"], [popover]')) return null;
  const place = placeOf(target);
  if (!place) return null;
  return place === 'a cell' ? 'adding a card' : `typing into ${place}`;
}

/** How far a pointer has to travel on a card before it counts as dragging it. */
const DRAG_PX = 6;

/**
 * Watches a press on a card until it either travels (an attempted move: `ondrag` is
 * called once) or ends. Returns nothing to clean up: the listeners go with the press.
 */
function watchDrag(event: PointerEvent, ondrag: (attempt: EditAttempt) => void): void {
  if (event.button !== 0 || !(event.target instanceof Element)) return;
  if (!event.target.closest('[data-card-id]')) return;
  const { clientX: x, clientY: y } = event;
  const move = (next: PointerEvent) => {
    if (Math.hypot(next.clientX - x, next.clientY - y) < DRAG_PX) return;
    stop();
    ondrag('moving a card');
  };
  const stop = () => {
    window.removeEventListener('pointermove', move);
    window.removeEventListener('pointerup', stop);
    window.removeEventListener('pointercancel', stop);
  };
  window.addEventListener('pointermove', move);
  window.addEventListener('pointerup', stop);
  window.addEventListener('pointercancel', stop);
}

/**
 * Listens on the board for edits a viewer or commenter tries (a double click on a card,
 * typing on the map, dragging a card) and hands each to `onattempt`.
 */
export function editAttempts(onattempt: (attempt: EditAttempt) => void) {
  return (element: HTMLElement) => {
    const ondblclick = (event: MouseEvent) => {
      const attempt = doubleClickAttempt(event);
      if (attempt) onattempt(attempt);
    };
    const onkeydown = (event: KeyboardEvent) => {
      const attempt = keyAttempt(event);
      if (attempt) onattempt(attempt);
    };
    const onpointerdown = (event: PointerEvent) => watchDrag(event, onattempt);
    element.addEventListener('dblclick', ondblclick, true);
    element.addEventListener('keydown', onkeydown, true);
    element.addEventListener('pointerdown', onpointerdown, true);
    return () => {
      element.removeEventListener('dblclick', ondblclick, true);
      element.removeEventListener('keydown', onkeydown, true);
      element.removeEventListener('pointerdown', onpointerdown, true);
    };
  };
}
