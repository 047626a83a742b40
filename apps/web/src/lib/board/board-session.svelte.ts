import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import type { Actor, Board } from '@journeyboard/model';
import { BoardEditor } from './board-editor.svelte.ts';
import { localCopyName } from './local-copies.ts';
import { reconnectWithJitter } from './provider-seam.ts';
import { syncServerUrl } from './sync-url.ts';
import { SyncStatus } from './sync-status.svelte.ts';

export interface BoardSessionOptions {
  boardId: string;
  actor: Actor;
  /** Viewers: the map renders without edit controls. */
  readonly?: boolean;
}

/**
 * One open board in the browser: its Y.Doc, the local IndexedDB copy, the connection
 * to the sync server, and the editor state (BoardEditor) that components render.
 */
export class BoardSession {
  readonly boardId: string;
  readonly doc = new Y.Doc();
  readonly sync: SyncStatus;
  readonly editor: BoardEditor;

  readonly #provider: WebsocketProvider;
  readonly #local: IndexeddbPersistence;
  readonly #onOffline = () => this.#provider.disconnect();
  readonly #onOnline = () => this.#provider.connect();

  constructor({ boardId, actor, readonly = false }: BoardSessionOptions) {
    this.boardId = boardId;
    this.editor = new BoardEditor({ doc: this.doc, actor, readonly });
    this.#local = new IndexeddbPersistence(localCopyName(boardId), this.doc);
    // Show the local copy at once when there is one; an empty copy would only flash an
    // empty grid before the server's state arrives.
    this.#local.on('synced', () => {
      if (this.editor.board === null && this.doc.store.clients.size > 0) this.editor.load();
    });
    this.#provider = new WebsocketProvider(syncServerUrl(), boardId, this.doc);
    // When a sync node restarts, its clients come back spread out, not all at once.
    reconnectWithJitter(this.#provider);
    this.#provider.on('sync', (synced: boolean) => {
      if (synced && this.editor.board === null) this.editor.load();
    });
    this.sync = new SyncStatus(this.#provider, this.doc, this.#local);
    // An open WebSocket can outlive the network going away (and keeps failing to
    // reconnect while it is gone): follow the browser's own online state instead, so
    // edits made offline are kept locally and sent in one go when it comes back.
    window.addEventListener('offline', this.#onOffline);
    window.addEventListener('online', this.#onOnline);
  }

  /** Null until the local copy or the server has delivered the board. */
  get board(): Board | null {
    return this.editor.board;
  }

  /** The board's awareness channel (presence: who is here, cursors, selection). */
  get awareness(): Awareness {
    return this.#provider.awareness;
  }

  destroy(): void {
    window.removeEventListener('offline', this.#onOffline);
    window.removeEventListener('online', this.#onOnline);
    this.editor.destroy();
    this.sync.destroy();
    this.#provider.destroy();
    // reason: destroy() resolves once pending IndexedDB writes are flushed; nothing waits on it.
    void this.#local.destroy();
    this.doc.destroy();
  }
}
