import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * The two framings the benchmarked servers speak. Ours and the stock server use the
 * plain y-websocket protocol (one document per socket, chosen by the URL); Hocuspocus
 * multiplexes documents over one socket, so every frame starts with the document name
 * and a document must be "authenticated" before the server answers anything else.
 */
export type Dialect = 'y-websocket' | 'hocuspocus';

const SYNC = 0;
const AWARENESS = 1;
const AUTH = 2;
/** Hocuspocus only: a sync message that must not trigger another step 1. */
const SYNC_REPLY = 4;
const STEP1 = 0;
const STEP2 = 1;
const UPDATE = 2;

type FrameKind = 'step1' | 'step2' | 'update' | 'awareness' | 'other';

export interface Wire {
  readonly dialect: Dialect;
  /** Frames a client sends as soon as its socket opens. */
  hello(stateVector: Uint8Array): Uint8Array[];
  syncStep2(update: Uint8Array): Uint8Array;
  update(update: Uint8Array): Uint8Array;
  awareness(update: Uint8Array): Uint8Array;
  /** Reads only the few header bytes: receivers never decode Yjs content. */
  kind(frame: Uint8Array): FrameKind;
}

export function createWire(dialect: Dialect, documentName: string): Wire {
  const prefix = (encoder: encoding.Encoder) => {
    if (dialect === 'hocuspocus') encoding.writeVarString(encoder, documentName);
  };
  const frame = (type: number, write: (encoder: encoding.Encoder) => void) => {
    const encoder = encoding.createEncoder();
    prefix(encoder);
    encoding.writeVarUint(encoder, type);
    write(encoder);
    return encoding.toUint8Array(encoder);
  };
  const sync = (step: number, payload: Uint8Array) =>
    frame(SYNC, (e) => {
      encoding.writeVarUint(e, step);
      encoding.writeVarUint8Array(e, payload);
    });

  return {
    dialect,
    hello(stateVector) {
      const step1 = sync(STEP1, stateVector);
      if (dialect === 'y-websocket') return [step1];
      // Token sub-type 0, an empty token, and the provider version the server logs.
      const auth = frame(AUTH, (e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarString(e, '');
        encoding.writeVarString(e, 'journeyboard-bench');
      });
      return [auth, step1];
    },
    syncStep2: (update) => sync(STEP2, update),
    update: (update) => sync(UPDATE, update),
    awareness: (update) => frame(AWARENESS, (e) => encoding.writeVarUint8Array(e, update)),
    kind(data) {
      const decoder = decoding.createDecoder(data);
      if (dialect === 'hocuspocus') {
        // Skip the document name without allocating a string.
        const length = decoding.readVarUint(decoder);
        decoder.pos += length;
      }
      const type = decoding.readVarUint(decoder);
      if (type === AWARENESS) return 'awareness';
      if (type !== SYNC && type !== SYNC_REPLY) return 'other';
      const step = decoding.readVarUint(decoder);
      if (step === STEP1) return 'step1';
      if (step === STEP2) return 'step2';
      if (step === UPDATE) return 'update';
      return 'other';
    },
  };
}

/** An awareness update with one client's state, encoded the way y-protocols does. */
export function encodeAwarenessState(clientID: number, clock: number, state: unknown): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, clientID);
  encoding.writeVarUint(encoder, clock);
  encoding.writeVarString(encoder, JSON.stringify(state));
  return encoding.toUint8Array(encoder);
}

/** The state vector of an empty document. */
export const EMPTY_STATE_VECTOR = new Uint8Array([0]);
/** An update that carries nothing (no structs, no deletions). */
export const EMPTY_UPDATE = new Uint8Array([0, 0]);
