import type { Awareness } from 'y-protocols/awareness';
import { createUserId, InstancePresenceRecordType } from 'tldraw';
import type { Editor, TLInstancePresence, TLPageId } from 'tldraw';
import { IDLE_PRESENCE, parsePresence, type PresenceUser } from '../board/presence-state.ts';
import { PatchThrottle, PRESENCE_INTERVAL_MS } from '../board/presence-throttle.ts';

/** What a person on the canvas adds to their awareness state (beside the map's fields). */
interface CanvasPointer {
  pageId: string;
  x: number;
  y: number;
  selection: string[];
}

const MAX_SELECTION = 200;

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
  return { pageId, x, y, selection: ids };
}

interface CanvasPeer {
  clientId: number;
  user: PresenceUser;
  pointer: CanvasPointer;
}

/** Everyone else on the canvas, from the board's awareness states. */
function canvasPeers(states: Map<number, unknown>, selfClientId: number): CanvasPeer[] {
  const peers: CanvasPeer[] = [];
  for (const [clientId, state] of states) {
    if (clientId === selfClientId || !isRecord(state)) continue;
    const presence = parsePresence(state);
    const pointer = parseCanvasPointer(state.canvas);
    if (presence && pointer) peers.push({ clientId, user: presence.user, pointer });
  }
  return peers;
}

/**
 * Publishes our pointer and selection into the board awareness (throttled under the
 * server's rate limit) and renders everyone else's as tldraw `instance_presence`
 * records, merged as remote changes so they stay out of the document and of undo.
 */
export function bindCanvasPresence(options: {
  editor: Editor;
  awareness: Awareness;
  user: PresenceUser;
}): () => void {
  const { editor, awareness, user } = options;
  awareness.setLocalState({ user, ...IDLE_PRESENCE, canvas: null });
  const throttle = new PatchThrottle<{ canvas: CanvasPointer }>({
    intervalMs: PRESENCE_INTERVAL_MS,
    flush: (patch) => {
      if (patch.canvas) awareness.setLocalStateField('canvas', patch.canvas);
    },
  });
  const publish = () => {
    const point = editor.inputs.getCurrentPagePoint();
    throttle.push({
      canvas: {
        pageId: editor.getCurrentPageId(),
        x: Math.round(point.x * 10) / 10,
        y: Math.round(point.y * 10) / 10,
        selection: editor.getSelectedShapeIds().slice(0, MAX_SELECTION),
      },
    });
  };
  const onEvent = (info: { type: string; name: string }) => {
    if (info.type === 'pointer' && info.name === 'pointer_move') publish();
  };
  editor.on('event', onEvent);
  const stopSelection = editor.store.listen(publish, { scope: 'session', source: 'user' });

  let shown = new Set<TLInstancePresence['id']>();
  const render = () => {
    const peers = canvasPeers(awareness.getStates(), awareness.clientID);
    const records = peers.map((peer) =>
      InstancePresenceRecordType.create({
        id: InstancePresenceRecordType.createId(String(peer.clientId)),
        // One presence per connection: the same person in two tabs shows twice.
        userId: createUserId(`${peer.user.id}.${peer.clientId}`),
        userName: peer.user.name,
        color: peer.user.colour,
        currentPageId: peer.pointer.pageId as TLPageId,
        cursor: { x: peer.pointer.x, y: peer.pointer.y, type: 'default', rotation: 0 },
        selectedShapeIds: peer.pointer.selection as TLInstancePresence['selectedShapeIds'],
        lastActivityTimestamp: Date.now(),
      }),
    );
    const next = new Set(records.map((record) => record.id));
    const gone = [...shown].filter((id) => !next.has(id));
    shown = next;
    editor.store.mergeRemoteChanges(() => {
      if (gone.length > 0) editor.store.remove(gone);
      if (records.length > 0) editor.store.put(records);
    });
  };
  awareness.on('change', render);
  render();

  return () => {
    awareness.off('change', render);
    editor.off('event', onEvent);
    stopSelection();
    throttle.cancel();
    awareness.setLocalStateField('canvas', null);
  };
}
