import WebSocket from 'ws';
import * as Y from 'yjs';
import type { Channel } from './channel.ts';
import { nowMicros, scanStamps } from './stamp.ts';
import { EMPTY_STATE_VECTOR, EMPTY_UPDATE, type Wire } from './wire.ts';

export interface ClientOptions {
  url: string;
  wire: Wire;
  index: number;
  /** Senders per channel, for the per-receiver duplicate filter. */
  senders: number;
  doc: Channel | null;
  awareness: Channel | null;
  /** A writer keeps a real Y.Doc; everyone else only reads frame headers and stamps. */
  writer: boolean;
}

/**
 * One raw WebSocket client. A writer never applies the updates it receives: writers set
 * distinct keys, so their own documents stay valid without them, and applying every
 * update in every writer would cost the client process more than the server under test.
 */
export class BenchClient {
  readonly index: number;
  readonly doc: Y.Doc | null;
  readonly ws: WebSocket;
  /** Resolves with the monotonic time (µs) at which the first sync step 2 arrived. */
  readonly synced: Promise<number>;
  /** Bytes of the first sync step 2 frame. */
  syncBytes = 0;
  closedEarly = false;
  closeCode: number | null = null;
  readonly #seenDoc: Int32Array;
  readonly #seenAwareness: Int32Array;
  #stopping = false;

  constructor(options: ClientOptions) {
    this.index = options.index;
    this.#seenDoc = new Int32Array(options.senders).fill(-1);
    this.#seenAwareness = new Int32Array(options.senders).fill(-1);
    this.doc = options.writer ? new Y.Doc() : null;
    this.ws = new WebSocket(options.url, { perMessageDeflate: false });
    const { wire } = options;
    let markSynced: (micros: number) => void = () => {};
    let failSync: (err: Error) => void = () => {};
    this.synced = new Promise((resolve, reject) => {
      markSynced = resolve;
      failSync = reject;
    });
    this.synced.catch(() => {});
    this.doc?.on('update', (update: Uint8Array) => this.send(wire.update(update)));
    this.ws.on('open', () => {
      const stateVector = this.doc ? Y.encodeStateVector(this.doc) : EMPTY_STATE_VECTOR;
      for (const frame of wire.hello(stateVector)) this.ws.send(frame);
    });
    this.ws.on('message', (data: Buffer) => {
      const received = nowMicros();
      switch (wire.kind(data)) {
        case 'step1':
          this.send(wire.syncStep2(this.doc ? Y.encodeStateAsUpdate(this.doc) : EMPTY_UPDATE));
          return;
        case 'step2':
          if (this.syncBytes === 0) {
            this.syncBytes = data.length;
            markSynced(received);
          }
          return;
        case 'update':
          if (options.doc) this.#record(options.doc, this.#seenDoc, data, received);
          return;
        case 'awareness':
          if (options.awareness) {
            this.#record(options.awareness, this.#seenAwareness, data, received);
          }
          return;
        case 'other':
          return;
      }
    });
    this.ws.on('error', (err) => failSync(err));
    this.ws.on('close', (code) => {
      this.closeCode = code;
      if (!this.#stopping) this.closedEarly = true;
      failSync(new Error(`client ${this.index} closed with ${code} before it synced`));
    });
  }

  send(frame: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
  }

  /** Closes politely, then hard after `graceMs`. */
  close(graceMs = 1000): Promise<void> {
    this.#stopping = true;
    this.doc?.destroy();
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.ws.terminate(), graceMs);
      this.ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
      else this.ws.close();
    });
  }

  #record(channel: Channel, seen: Int32Array, data: Buffer, received: number): void {
    const self = this.index;
    scanStamps(data, (sender, seq, sent) => {
      if (sender !== self) channel.receive(seen, sender, seq, (received - sent) / 1000, self);
    });
  }
}
