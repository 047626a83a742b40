import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { describeCloseCode, SyncStep } from '@journeyboard/protocol';
import { Acknowledged } from './acknowledged.ts';
import { onServerSync, sendSyncStep1 } from './provider-seam.ts';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed';
export type SaveState = 'saved' | 'saving' | 'pending';

/** After this many failed attempts in a row we stop saying "reconnecting" and say "offline". */
const OFFLINE_AFTER_FAILURES = 3;
/** Groups a burst of keystrokes into one confirmation round trip. */
const PROBE_DELAY_MS = 120;
/** Groups a burst of changes into one count of what is pending. */
const RECOUNT_DELAY_MS = 40;
/** Where the acknowledged snapshot is kept, beside the browser's copy of the board. */
const ACKNOWLEDGED_KEY = 'acknowledged';

/** The browser's copy of the board (y-indexeddb), with its key-value store. */
export interface LocalCopy {
  get(key: string): Promise<unknown>;
  set(key: string, value: ArrayBuffer): Promise<unknown>;
}

/**
 * Connection and save state of one board's provider, for the status indicator.
 *
 * "Saved" needs a confirmation the y-websocket protocol does not have, so it uses
 * ordering instead: the server handles one socket's messages in order and answers every
 * SyncStep1 with one SyncStep2. A SyncStep1 sent after our local updates is therefore
 * answered only once the server has applied them. Each socket opens with the provider's
 * own SyncStep1 (whose answer we skip) and with our SyncStep2 answering the server's
 * SyncStep1, which carries any edits made offline; probes start after both.
 *
 * What is pending is the board minus what the server is known to hold (Acknowledged),
 * kept beside the local copy: the same after a reload, and counted in edits, not in
 * keystrokes.
 */
export class SyncStatus {
  #connection = $state<ConnectionState>('connecting');
  #closedReason = $state<string | null>(null);
  #pending = $state(0);

  readonly #provider: WebsocketProvider;
  readonly #doc: Y.Doc;
  readonly #local: LocalCopy | undefined;
  /** Until the stored one is read, what this page learnt on its own. */
  #acknowledged = Acknowledged.none();
  #acknowledgedLoaded = false;
  #everSynced = false;
  #gotServerStep1 = false;
  #gotInitialStep2 = false;
  /** What the board held when each probe in flight was sent, oldest first. */
  #probes: Y.Snapshot[] = [];
  #probeTimer: ReturnType<typeof setTimeout> | undefined;
  #recountTimer: ReturnType<typeof setTimeout> | undefined;
  #persisting = false;
  #persistAgain = false;
  readonly #cleanups: (() => void)[] = [];

  /**
   * `local`: the browser's copy of the board (y-indexeddb). Reading it back is not a
   * change of one's own, and it keeps what the server acknowledged across reloads.
   */
  constructor(provider: WebsocketProvider, doc: Y.Doc, local?: LocalCopy) {
    this.#provider = provider;
    this.#doc = doc;
    this.#local = local;
    onServerSync(provider, (step, serverState) => this.#onServerSync(step, serverState));

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
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === this.#provider) {
        // Sent by the server, so held by it: nothing of ours became pending.
        this.#acknowledged.coverUpdate(update);
        this.#schedulePersist();
        if (this.#pending > 0) this.#scheduleRecount();
        return;
      }
      this.#scheduleRecount();
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
    void this.#loadAcknowledged();
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
    clearTimeout(this.#recountTimer);
    for (const cleanup of this.#cleanups) cleanup();
  }

  async #loadAcknowledged(): Promise<void> {
    let stored: unknown = null;
    try {
      stored = (await this.#local?.get(ACKNOWLEDGED_KEY)) ?? null;
    } catch (error) {
      console.error('[sync] reading what the server acknowledged failed', error);
    }
    const loaded =
      stored instanceof ArrayBuffer
        ? Acknowledged.decode(new Uint8Array(stored))
        : Acknowledged.none();
    // What the server said while the copy was being read counts too.
    loaded.coverSnapshot(this.#acknowledged.snapshot());
    this.#acknowledged = loaded;
    this.#acknowledgedLoaded = true;
    this.#schedulePersist();
    this.#recount();
  }

  #scheduleRecount(): void {
    if (this.#recountTimer !== undefined) return;
    this.#recountTimer = setTimeout(() => {
      this.#recountTimer = undefined;
      this.#recount();
    }, RECOUNT_DELAY_MS);
  }

  #recount(): void {
    this.#pending = this.#acknowledgedLoaded ? this.#acknowledged.pendingEdits(this.#doc) : 0;
    this.#refresh();
    this.#scheduleProbe();
  }

  #refresh(): void {
    const provider = this.#provider;
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

  #onServerSync(step: number, serverState: Map<number, number> | null): void {
    if (step === SyncStep.Step1) {
      this.#gotServerStep1 = true;
      if (serverState) this.#acknowledged.coverStateVector(serverState);
      this.#schedulePersist();
    } else if (step === SyncStep.Step2) {
      if (!this.#gotInitialStep2) {
        this.#gotInitialStep2 = true;
      } else {
        const covered = this.#probes.shift();
        if (covered) this.#confirm(covered);
      }
    } else {
      return;
    }
    this.#refresh();
    this.#recount();
  }

  /** The server holds everything the board held when a probe was sent. */
  #confirm(snapshot: Y.Snapshot): void {
    this.#acknowledged.coverSnapshot(snapshot);
    this.#schedulePersist();
  }

  /**
   * Keeps the acknowledged state beside the local copy, for the next page load: at once,
   * since a reload can come any moment, with one write in flight at a time.
   */
  #schedulePersist(): void {
    this.#persistAgain = true;
    if (this.#persisting || !this.#acknowledgedLoaded || !this.#local) return;
    const local = this.#local;
    this.#persisting = true;
    void (async () => {
      while (this.#persistAgain) {
        this.#persistAgain = false;
        const bytes = this.#acknowledged.encode();
        try {
          await local.set(ACKNOWLEDGED_KEY, bytes.slice().buffer);
        } catch (error) {
          console.error('[sync] keeping what the server acknowledged failed', error);
        }
      }
      this.#persisting = false;
    })();
  }

  #scheduleProbe(): void {
    if (this.#probeTimer !== undefined || this.#probes.length > 0 || this.#pending === 0) return;
    this.#probeTimer = setTimeout(() => {
      this.#probeTimer = undefined;
      this.#sendProbe();
    }, PROBE_DELAY_MS);
  }

  #sendProbe(): void {
    if (!this.#gotServerStep1 || !this.#gotInitialStep2 || this.#pending === 0) return;
    if (sendSyncStep1(this.#provider)) this.#probes.push(Y.snapshot(this.#doc));
  }
}
