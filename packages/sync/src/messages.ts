import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { CloseCode, MessageType, SyncStep } from '@journeyboard/protocol';
import type { SyncLimits } from './options.ts';

/** Input that ends the connection: `code` is a CloseCode, the message its reason. */
export class ProtocolError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
  }
}

export type ClientMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  /** Not decoded yet: its structure is judged first (`checkUpdate`), then it is stored. */
  | { type: 'sync-update'; handshake: boolean; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array; entries: AwarenessEntry[] }
  | { type: 'auth' }
  | { type: 'query-awareness' };

export interface AwarenessEntry {
  clientID: number;
  clock: number;
  /** The state as sent (any JSON); null when the client removed its state. */
  state: unknown;
  removed: boolean;
}

type Limits = Pick<SyncLimits, 'maxUpdateBytes' | 'maxAwarenessBytes'>;

const malformed = (reason: string) => new ProtocolError(CloseCode.MalformedMessage, reason);

/**
 * Decodes and validates one frame completely before anything acts on it, so a bad frame
 * can only ever close its own connection and never reaches the room's document.
 */
export function parseClientMessage(data: Uint8Array, limits: Limits): ClientMessage {
  const decoder = decoding.createDecoder(data);
  const message = readMessage(decoder, limits);
  if (decoder.pos !== data.length) throw malformed('trailing bytes after the message');
  return message;
}

function readMessage(decoder: decoding.Decoder, limits: Limits): ClientMessage {
  const type = read(() => decoding.readVarUint(decoder), 'bad message type');
  switch (type) {
    case MessageType.Sync:
      return readSync(decoder, limits);
    case MessageType.Awareness: {
      const update = read(() => decoding.readVarUint8Array(decoder), 'truncated awareness');
      if (update.length > limits.maxAwarenessBytes) {
        throw new ProtocolError(
          CloseCode.MessageTooLarge,
          `awareness update over ${limits.maxAwarenessBytes} bytes`,
        );
      }
      return { type: 'awareness', update, entries: readAwarenessEntries(update) };
    }
    case MessageType.Auth:
      read(() => decoding.readVarUint(decoder), 'truncated auth message');
      read(() => decoding.readVarString(decoder), 'truncated auth message');
      return { type: 'auth' };
    case MessageType.QueryAwareness:
      return { type: 'query-awareness' };
    default:
      throw malformed(`unknown message type ${type}`);
  }
}

function readSync(decoder: decoding.Decoder, limits: Limits): ClientMessage {
  const step = read(() => decoding.readVarUint(decoder), 'bad sync step');
  if (step !== SyncStep.Step1 && step !== SyncStep.Step2 && step !== SyncStep.Update) {
    throw malformed(`unknown sync step ${step}`);
  }
  const payload = read(() => decoding.readVarUint8Array(decoder), 'truncated sync message');
  if (step === SyncStep.Step1) {
    read(() => Y.decodeStateVector(payload), 'bad state vector');
    return { type: 'sync-step1', stateVector: payload };
  }
  if (payload.length > limits.maxUpdateBytes) {
    throw new ProtocolError(
      CloseCode.MessageTooLarge,
      `document update over ${limits.maxUpdateBytes} bytes`,
    );
  }
  return { type: 'sync-update', handshake: step === SyncStep.Step2, update: payload };
}

export function readAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  return read(() => {
    const decoder = decoding.createDecoder(update);
    const entries: AwarenessEntry[] = [];
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientID = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state: unknown = JSON.parse(decoding.readVarString(decoder));
      entries.push({ clientID, clock, state, removed: state === null });
    }
    if (decoder.pos !== update.length) throw new Error('trailing bytes');
    return entries;
  }, 'invalid awareness update');
}

function read<T>(fn: () => T, reason: string): T {
  try {
    return fn();
  } catch {
    throw malformed(reason);
  }
}

function encode(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export const encodeSyncStep1 = (stateVector: Uint8Array) =>
  encode((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, SyncStep.Step1);
    encoding.writeVarUint8Array(e, stateVector);
  });

export const encodeSyncStep2 = (update: Uint8Array) =>
  encode((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, SyncStep.Step2);
    encoding.writeVarUint8Array(e, update);
  });

export const encodeSyncUpdate = (update: Uint8Array) =>
  encode((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, SyncStep.Update);
    encoding.writeVarUint8Array(e, update);
  });

/** An awareness update of one client's state. */
export const encodeAwarenessEntry = ({ clientID, clock, state }: AwarenessEntry) =>
  encode((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, clientID);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, JSON.stringify(state));
  });

export const encodeAwareness = (update: Uint8Array) =>
  encode((e) => {
    encoding.writeVarUint(e, MessageType.Awareness);
    encoding.writeVarUint8Array(e, update);
  });

/** y-protocols/auth permission-denied; the stock client logs the reason. */
export const encodePermissionDenied = (reason: string) =>
  encode((e) => {
    encoding.writeVarUint(e, MessageType.Auth);
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, reason);
  });
