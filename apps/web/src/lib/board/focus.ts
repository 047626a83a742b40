import { tick } from 'svelte';
import { revealCard, type CardPlace } from '#lib/map/reveal.ts';

/**
 * After a re-render (a moved card is a new element in another cell), focus it again.
 * With its place, a card in a cell the map has not rendered (off screen) is rendered first.
 */
export async function focusCard(cardId: string, place?: CardPlace): Promise<void> {
  if (place) {
    (await revealCard(cardId, place))?.focus();
    return;
  }
  await tick();
  document.querySelector<HTMLElement>(`[data-card-id="${CSS.escape(cardId)}"]`)?.focus();
}

export async function focusCell(row: number, col: number): Promise<boolean> {
  await tick();
  const cell = document.querySelector<HTMLElement>(
    `[data-nav-row="${row}"][data-nav-col="${col}"]`,
  );
  cell?.focus();
  return cell !== null;
}

/** Is the keyboard event aimed at a text field (where letters and Delete are text)? */
export function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target instanceof HTMLTextAreaElement ||
    (target instanceof HTMLInputElement &&
      !['checkbox', 'radio', 'button', 'color'].includes(target.type)) ||
    target instanceof HTMLSelectElement ||
    target.isContentEditable
  );
}
