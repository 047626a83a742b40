import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import {
  jitterReconnects,
  MessageType,
  SyncStep,
  type JitterOptions,
} from '@journeyboard/protocol';

/**
 * The one place the browser reaches into the y-websocket provider beyond its documented
 * API: its `messageHandlers` table, its `disconnect`, and its socket for a hand-framed
 * message. `provider-seam.test.ts` pins the library behaviour each relies on against the
 * real provider and the real sync server, so an upgrade that changes it fails there.
 */

type SyncHandler = WebsocketProvider['messageHandlers'][number];

/**
 * A sync message that came from the server (not from another tab): its step, and for a
 * step 1 the server's state vector, or null when it could not be read.
 */
export type ServerSyncListener = (step: number, serverState: Map<number, number> | null) => void;

/**
 * Calls `listener` after the provider has handled each sync message from the server.
 * The provider has no event for these, so its handler for sync messages is wrapped.
 */
export function onServerSync(provider: WebsocketProvider, listener: ServerSyncListener): void {
  const handlers = provider.messageHandlers;
  const original: SyncHandler | undefined = handlers[MessageType.Sync];
  if (!original) throw new Error('y-websocket provider has no sync message handler');
  handlers[MessageType.Sync] = (encoder, decoder, provider, fromSocket, messageType) => {
    const step = decoding.peekVarUint(decoder);
    const serverState = step === SyncStep.Step1 ? readStateVector(decoder) : null;
    original(encoder, decoder, provider, fromSocket, messageType);
    // BroadcastChannel messages (other tabs) say nothing about the server.
    if (fromSocket) listener(step, serverState);
  };
}

/**
 * Sends a SyncStep1 of the provider's document on its open socket; false when there is
 * none. The provider sends one only when a socket opens, so a later one is framed here.
 */
export function sendSyncStep1(provider: WebsocketProvider): boolean {
  const ws = provider.ws;
  if (!ws || ws.readyState !== ws.OPEN) return false;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeSyncStep1(encoder, provider.doc);
  ws.send(encoding.toUint8Array(encoder));
  return true;
}

/**
 * Full-jitter reconnects (`jitterReconnects`), with the waiting retry dropped on a
 * deliberate disconnect (going offline, leaving the board: `destroy` calls `disconnect`
 * too), which would otherwise undo it. The provider has no event for that, so its
 * `disconnect` is wrapped.
 */
export function reconnectWithJitter(provider: WebsocketProvider, options?: JitterOptions): void {
  const jitter = jitterReconnects(provider, options);
  const disconnect = provider.disconnect.bind(provider);
  provider.disconnect = () => {
    jitter.cancelRetry();
    disconnect();
  };
}

/** The state vector a SyncStep1 carries, read from a copy of the decoder. */
function readStateVector(decoder: decoding.Decoder): Map<number, number> | null {
  try {
    const copy = decoding.clone(decoder);
    decoding.readVarUint(copy);
    return Y.decodeStateVector(decoding.readVarUint8Array(copy));
  } catch {
    // A malformed step 1 is the provider's to refuse; it just tells us nothing.
    return null;
  }
}
