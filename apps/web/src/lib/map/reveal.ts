import { tick } from 'svelte';

/** Sent to a map cell (data-cell) to render its cards now, even off screen. */
export const REVEAL_EVENT = 'journeyboard:reveal';

export interface CardPlace {
  laneId: string;
  stageId: string;
}

function cardElement(cardId: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(
    `[role="grid"] [data-card-id="${CSS.escape(cardId)}"]`,
  );
}

/**
 * The card's element, rendering its cell first when the map's windowing left it out
 * (far off screen): for keyboard moves, the board search and links to a card.
 */
export async function revealCard(cardId: string, place: CardPlace): Promise<HTMLElement | null> {
  await tick();
  const found = cardElement(cardId);
  if (found) return found;
  const cell = document.querySelector<HTMLElement>(
    `[data-cell][data-lane-id="${CSS.escape(place.laneId)}"][data-stage-id="${CSS.escape(place.stageId)}"]`,
  );
  cell?.dispatchEvent(new CustomEvent(REVEAL_EVENT));
  await tick();
  return cardElement(cardId);
}
