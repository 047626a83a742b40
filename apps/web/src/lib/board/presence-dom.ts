/**
 * The element presence layers watch for the pointer and search for cards: the nearest
 * ancestor that takes pointer events. A layer is usually mounted inside an overlay that
 * lets the pointer through, which never receives events itself.
 */
export function mapSurface(layer: HTMLElement): HTMLElement | null {
  let element = layer.parentElement;
  while (element && getComputedStyle(element).pointerEvents === 'none') {
    element = element.parentElement;
  }
  return element;
}
