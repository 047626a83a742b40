import {
  autoUpdate,
  computePosition,
  flip,
  offset,
  shift,
  size,
  type Placement,
} from '@floating-ui/dom';
import type { Attachment } from 'svelte/attachments';

export interface FloatingOptions {
  /** What the popover points at; it follows it while the page scrolls or resizes. */
  anchor: () => HTMLElement | null | undefined;
  placement?: Placement;
  /**
   * `auto` closes on a click elsewhere and on Escape wherever the focus is (the browser's
   * light dismiss); `manual` stays until the component removes it.
   */
  mode?: 'auto' | 'manual';
  /** The browser closed it (click-away, Escape): the owner drops its open flag. */
  onclose?: () => void;
}

/**
 * A popover inside the zoomed map inherits its CSS `zoom`: its text would shrink with the
 * map and its `left`/`top` would be scaled, putting it far from its anchor (at 390 px the
 * map is zoomed out). Undoing the inherited zoom keeps it at the page's size and place.
 */
function unzoom(element: HTMLElement): void {
  const inherited = element.parentElement?.currentCSSZoom ?? 1;
  const wanted = inherited > 0 && inherited !== 1 ? String(1 / inherited) : '';
  if (element.style.zoom !== wanted) element.style.zoom = wanted;
}

/** Room kept between a popover and the window's edges. */
const EDGE = 8;

/**
 * Shows the element as a popover in the top layer, so no panel, sticky header or
 * scrolling container can cover or clip it, and keeps it beside its anchor with
 * Floating UI: flipped to the other side when there is no room, shifted inside the
 * window, and no taller than the room left (it scrolls instead of being cut).
 */
export function floating(options: FloatingOptions): Attachment<HTMLElement> {
  return (element) => {
    const anchor = options.anchor();
    if (!anchor) return;
    element.popover = options.mode ?? 'auto';
    const ontoggle = (event: ToggleEvent) => {
      if (event.newState === 'closed') options.onclose?.();
    };
    element.addEventListener('toggle', ontoggle);
    // The anchor is the popover's source: a click on it is not a click elsewhere, so the
    // button that opened the popover closes it instead of reopening it.
    element.showPopover({ source: anchor });
    const place = async () => {
      unzoom(element);
      const { x, y } = await computePosition(anchor, element, {
        strategy: 'fixed',
        placement: options.placement ?? 'bottom-start',
        middleware: [
          offset(4),
          flip({ padding: EDGE }),
          shift({ padding: EDGE }),
          size({
            padding: EDGE,
            apply({ availableHeight, availableWidth }) {
              // Read by `.floating` in app.css; a component may cap it further.
              element.style.setProperty('--room-height', `${Math.max(96, availableHeight)}px`);
              element.style.setProperty('--room-width', `${Math.max(160, availableWidth)}px`);
            },
          }),
        ],
      });
      element.style.left = `${x}px`;
      element.style.top = `${y}px`;
    };
    // The map zooms with CSS `zoom` (MapViewport), which also reaches a popover opened
    // from a card and can change while it is open (the map fitting itself after a deep
    // link): follow the anchor every frame, not only on scroll and resize.
    const stop = autoUpdate(anchor, element, () => void place(), { animationFrame: true });
    return () => {
      stop();
      element.removeEventListener('toggle', ontoggle);
      if (element.matches(':popover-open')) element.hidePopover();
    };
  };
}
