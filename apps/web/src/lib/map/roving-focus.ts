/**
 * The map grid is one tab stop (WCAG 2.1.1 without 59 Tab presses): each navigable cell
 * (`[data-nav-row]`: stage and lane headers, cells, emotion points) keeps the tabindex its
 * component gives it (one of them is 0, the roving stop), and every control inside a cell
 * is taken out of the tab order. Arrow keys move between cells (JourneyMap), Enter goes
 * into a cell, and inside a cell Tab and Shift+Tab walk its own controls; past the last
 * one, Tab leaves the grid. Works on whatever cells are in the DOM, so a virtualised grid
 * that mounts and unmounts cells keeps the same behaviour.
 */

const FOCUSABLE =
  'a[href], button, input, select, textarea, [tabindex], [contenteditable="true"], summary';
const NAV_CELL = '[data-nav-row]';

/** Controls inside a cell (not the cell itself), in DOM order, that can take focus now. */
function controlsOf(cell: HTMLElement): HTMLElement[] {
  return [...cell.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (element) =>
      element !== cell &&
      !element.matches(NAV_CELL) &&
      !(element as HTMLButtonElement).disabled &&
      element.getClientRects().length > 0 &&
      !element.closest('[popover]'),
  );
}

function demote(root: ParentNode): void {
  for (const element of root.querySelectorAll<HTMLElement>(`${NAV_CELL} :is(${FOCUSABLE})`)) {
    if (element.matches(NAV_CELL) || element.closest('[popover]')) continue;
    if (element.tabIndex !== -1) element.tabIndex = -1;
  }
}

/** Tab/Shift+Tab inside a cell: its next/previous control, or the cell itself going back. */
function tabWithinCell(event: KeyboardEvent): void {
  if (event.key !== 'Tab' || event.defaultPrevented || event.altKey || event.ctrlKey) return;
  const target = event.target as HTMLElement;
  const cell = target.closest<HTMLElement>(NAV_CELL);
  if (!cell) return;
  const controls = controlsOf(cell);
  if (target === cell) {
    // From the cell: Tab leaves the grid (the browser does it, every control being -1).
    return;
  }
  const at = controls.indexOf(target);
  const next = event.shiftKey ? (at <= 0 ? cell : controls[at - 1]) : controls[at + 1];
  if (!next) return;
  event.preventDefault();
  next.focus();
}

/**
 * Svelte attachment for the grid element: keeps the controls inside cells out of the tab
 * order as cells render (cards added, menus opened, cells virtualised in).
 */
export function rovingFocus(grid: HTMLElement): () => void {
  demote(grid);
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') {
        const element = record.target as HTMLElement;
        const inCell = !element.matches(NAV_CELL) && element.closest(NAV_CELL) !== null;
        if (inCell && element.tabIndex !== -1 && !element.closest('[popover]')) {
          element.tabIndex = -1;
        }
        continue;
      }
      for (const node of record.addedNodes) {
        if (!(node instanceof HTMLElement)) continue;
        if (node.matches(`${NAV_CELL} :is(${FOCUSABLE})`) && !node.matches(NAV_CELL)) {
          if (!node.closest('[popover]')) node.tabIndex = -1;
        }
        demote(node);
      }
    }
  });
  observer.observe(grid, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['tabindex'],
  });
  grid.addEventListener('keydown', tabWithinCell);
  return () => {
    observer.disconnect();
    grid.removeEventListener('keydown', tabWithinCell);
  };
}
