import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { describeCloseCode, MessageType, SyncStep } from '@journeyboard/protocol';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed';
export type SaveState = 'saved' | 'saving' | 'pending';

/** After this many failed attempts in a row we stop saying "reconnecting" and say "offline". */
const OFFLINE_AFTER_FAILURES = 3;
/** Groups a burst of keystrokes into one confirmation round trip. */
const PROBE_DELAY_MS = 120;

type SyncHandler = WebsocketProvider['messageHandlers'][number];

/**
 * Connection and save state of one board's provider, for the status indicator.
 *
 * "Saved" needs a confirmation the y-websocket protocol does not have, so it uses
 * ordering instead: the server handles one socket's messages in order and answers every
 * SyncStep1 with one SyncStep2. A SyncStep1 sent after our local updates is therefore
 * answered only once the server has applied them. Each socket opens with the provider's
 * own SyncStep1 (whose answer we skip) and with our SyncStep2 answering the server's
 * SyncStep1, which carries any edits made offline; probes start after both.
 */
export class SyncStatus {
  #connection = $state<ConnectionState>('connecting');
  #closedReason = $state<string | null>(null);
  #pending = $state(0);

  readonly #provider: WebsocketProvider;
  readonly #doc: Y.Doc;
  #everSynced = false;
  #localSeq = 0;
  #ackedSeq = 0;
  #gotServerStep1 = false;
  #gotInitialStep2 = false;
  /** Local seq covered by each probe in flight, oldest first. */
  #probes: number[] = [];
  #probeTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #cleanups: (() => void)[] = [];

  /**
   * `localCopy`: the origin of updates read back from the browser's stored copy of the
   * board (y-indexeddb). Opening a board offline is not a change of one's own.
   */
  constructor(provider: WebsocketProvider, doc: Y.Doc, localCopy?: unknown) {
    this.#provider = provider;
    this.#doc = doc;
    this.#wrapSyncHandler();

    const onStatus = ({ status }: { status: string }) => {
      if (status === 'connected') this.#resetSocket();
      this.#refresh();
    };
    const onSync = (synced: boolean) => {
      if (synced) this.#everSynced = true;
      this.#refresh();
    };
    const onClosed = ({ code }: { code: number }) => {
      this.#closedReason = describeCloseCode(code);
      this.#refresh();
    };
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin === this.#provider || (localCopy !== undefined && origin === localCopy)) return;
      this.#localSeq += 1;
      this.#refresh();
      this.#scheduleProbe();
    };
    const onNetwork = () => this.#refresh();

    provider.on('status', onStatus);
    provider.on('sync', onSync);
    provider.on('closed', onClosed);
    provider.on('connection-close', onNetwork);
    doc.on('update', onUpdate);
    window.addEventListener('online', onNetwork);
    window.addEventListener('offline', onNetwork);
    this.#cleanups.push(
      () => provider.off('status', onStatus),
      () => provider.off('sync', onSync),
      () => provider.off('closed', onClosed),
      () => provider.off('connection-close', onNetwork),
      () => doc.off('update', onUpdate),
      () => window.removeEventListener('online', onNetwork),
      () => window.removeEventListener('offline', onNetwork),
    );
    this.#refresh();
  }

  get connection(): ConnectionState {
    return this.#connection;
  }

  /** Why the server ended the session for good (board deleted, access removed). */
  get closedReason(): string | null {
    return this.#closedReason;
  }

  /** Local changes the server has not confirmed yet. */
  get pendingChanges(): number {
    return this.#pending;
  }

  get save(): SaveState {
    if (this.#pending === 0) return 'saved';
    return this.#connection === 'connected' ? 'saving' : 'pending';
  }

  destroy(): void {
    clearTimeout(this.#probeTimer);
    for (const cleanup of this.#cleanups) cleanup();
  }

  #refresh(): void {
    const provider = this.#provider;
    this.#pending = this.#localSeq - this.#ackedSeq;
    if (this.#closedReason !== null) {
      this.#connection = 'closed';
    } else if (provider.wsconnected && provider.synced) {
      this.#connection = 'connected';
    } else if (!navigator.onLine || provider.wsUnsuccessfulReconnects >= OFFLINE_AFTER_FAILURES) {
      this.#connection = 'offline';
    } else {
      this.#connection = this.#everSynced ? 'reconnecting' : 'connecting';
    }
  }

  #resetSocket(): void {
    this.#gotServerStep1 = false;
    this.#gotInitialStep2 = false;
    this.#probes = [];
    clearTimeout(this.#probeTimer);
    this.#probeTimer = undefined;
  }

  #wrapSyncHandler(): void {
    const handlers = this.#provider.messageHandlers;
    const original: SyncHandler | undefined = handlers[MessageType.Sync];
    if (!original) throw new Error('y-websocket provider has no sync message handler');
    handlers[MessageType.Sync] = (encoder, decoder, provider, fromSocket, messageType) => {
      const step = decoding.peekVarUint(decoder);
      original(encoder, decoder, provider, fromSocket, messageType);
      // BroadcastChannel messages (other tabs) say nothing about the server.
      if (fromSocket) this.#onServerSync(step);
    };
  }

  #onServerSync(step: number): void {
    if (step === SyncStep.Step1) {
      this.#gotServerStep1 = true;
    } else if (step === SyncStep.Step2) {
      if (!this.#gotInitialStep2) {
        this.#gotInitialStep2 = true;
      } else {
        const covered = this.#probes.shift();
        if (covered !== undefined) this.#ackedSeq = Math.max(this.#ackedSeq, covered);
      }
    } else {
      return;
    }
    this.#refresh();
    this.#scheduleProbe();
  }

  #scheduleProbe(): void {
    if (this.#probeTimer !== undefined || this.#probes.length > 0) return;
    if (this.#localSeq === this.#ackedSeq) return;
    this.#probeTimer = setTimeout(() => {
      this.#probeTimer = undefined;
      this.#sendProbe();
    }, PROBE_DELAY_MS);
  }

  #sendProbe(): void {
    const ws = this.#provider.ws;
    if (!this.#gotServerStep1 || !this.#gotInitialStep2) return;
    if (!ws || ws.readyState !== WebSocket.OPEN || this.#localSeq === this.#ackedSeq) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    syncProtocol.writeSyncStep1(encoder, this.#doc);
    ws.send(encoding.toUint8Array(encoder));
    this.#probes.push(this.#localSeq);
  }
}
