/**
 * Which map cells are on screen or close to it, so only those render their cards (a
 * 2,000-card board keeps a few hundred in the DOM). One IntersectionObserver per map
 * scroller serves every cell; the margin (half a screen each way) lets cards render
 * before they scroll into view.
 */
type Listener = (near: boolean) => void;

interface Watcher {
  observer: IntersectionObserver;
  listeners: Map<Element, Listener>;
}

const watchers = new WeakMap<Element | Document, Watcher>();

function watcherFor(root: HTMLElement | null): Watcher {
  const key = root ?? document;
  let watcher = watchers.get(key);
  if (!watcher) {
    const listeners = new Map<Element, Listener>();
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) listeners.get(entry.target)?.(entry.isIntersecting);
      },
      { root, rootMargin: '50% 50%' },
    );
    watcher = { observer, listeners };
    watchers.set(key, watcher);
  }
  return watcher;
}

/** Calls `onchange` whenever `element` comes near the map's viewport or leaves it. */
export function watchNearViewport(element: HTMLElement, onchange: Listener): () => void {
  const root = element.closest<HTMLElement>('[data-map-scroller]');
  const watcher = watcherFor(root);
  watcher.listeners.set(element, onchange);
  watcher.observer.observe(element);
  return () => {
    watcher.listeners.delete(element);
    watcher.observer.unobserve(element);
  };
}
