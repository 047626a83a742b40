import type { Editor, TLPageId } from 'tldraw';
import type { Awareness } from 'y-protocols/awareness';
import { canvasPeers } from './canvas-peers.ts';

/**
 * Shows what another person on the canvas sees: their page and the part of it their
 * window shows, kept in step as they move. Our own pan, zoom or click hands the view
 * back (`onstop`), as does the person leaving.
 */
export function followCanvasPeer(options: {
  editor: Editor;
  awareness: Awareness;
  clientId: number;
  onstop: () => void;
}): () => void {
  const { editor, awareness, clientId, onstop } = options;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    awareness.off('change', follow);
    editor.off('event', onEvent);
    onstop();
  };
  const follow = () => {
    const peer = canvasPeers(awareness.getStates(), awareness.clientID).find(
      (p) => p.clientId === clientId,
    );
    if (!peer) return stop();
    const { pageId, view } = peer.pointer;
    if (editor.getCurrentPageId() !== pageId && editor.getPage(pageId as TLPageId)) {
      editor.setCurrentPage(pageId as TLPageId);
    }
    if (view) editor.zoomToBounds(view, { inset: 0, animation: { duration: 150 } });
  };
  const onEvent = (info: { type: string; name: string }) => {
    if (info.type === 'wheel' || (info.type === 'pointer' && info.name === 'pointer_down')) stop();
  };
  awareness.on('change', follow);
  editor.on('event', onEvent);
  follow();
  return stop;
}
