import { parsePresence, type PresenceUser } from '../board/presence-state.ts';

// No tldraw here: the canvas page's header reads who is on the canvas before tldraw loads.

/** What a person on the canvas adds to their awareness state (beside the map's fields). */
export interface CanvasPointer {
  pageId: string;
  x: number;
  y: number;
  selection: string[];
  /** The part of the page their window shows: what following them shows us. */
  view: CanvasView | null;
}

interface CanvasView {
  x: number;
  y: number;
  w: number;
  h: number;
}

function parseView(value: unknown): CanvasView | null {
  if (!isRecord(value)) return null;
  const { x, y, w, h } = value;
  if (typeof x !== 'number' || typeof y !== 'number') return null;
  if (typeof w !== 'number' || typeof h !== 'number') return null;
  if (!Number.isFinite(x + y + w + h) || w <= 0 || h <= 0) return null;
  return { x, y, w, h };
}

export const MAX_SELECTION = 200;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A peer's `canvas` field as we render it; null when absent or malformed (untrusted). */
function parseCanvasPointer(value: unknown): CanvasPointer | null {
  if (!isRecord(value)) return null;
  const { pageId, x, y, selection } = value;
  if (typeof pageId !== 'string' || !pageId.startsWith('page:') || pageId.length > 200) return null;
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x + y)) return null;
  const ids = Array.isArray(selection)
    ? selection
        .filter((id): id is string => typeof id === 'string' && id.startsWith('shape:'))
        .slice(0, MAX_SELECTION)
    : [];
  return { pageId, x, y, selection: ids, view: parseView(value.view) };
}

export interface CanvasPeer {
  clientId: number;
  user: PresenceUser;
  pointer: CanvasPointer;
}

/** Everyone else on the canvas, from the board's awareness states. */
export function canvasPeers(states: Map<number, unknown>, selfClientId: number): CanvasPeer[] {
  const peers: CanvasPeer[] = [];
  for (const [clientId, state] of states) {
    if (clientId === selfClientId || !isRecord(state)) continue;
    const presence = parsePresence(state);
    const pointer = parseCanvasPointer(state.canvas);
    if (presence && pointer) peers.push({ clientId, user: presence.user, pointer });
  }
  return peers;
}
