/** The drag payload of a map card dragged from the tray onto the canvas: its id. */
export const CARD_MIME = 'application/x-journeyboard-card';
