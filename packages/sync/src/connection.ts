import * as Y from 'yjs';
import type { Logger } from 'pino';
import { CloseCode, describeCloseCode } from '@journeyboard/protocol';
import {
  ProtocolError,
  encodePermissionDenied,
  parseClientMessage,
  type ClientMessage,
} from './messages.ts';
import { countClose, type SyncCounters } from './metrics.ts';
import type { Role, SyncLimits, WritePolicy } from './options.ts';
import { PeerPresence, type PresenceIdentity } from './peer-presence.ts';
import type { Room, RoomPeer } from './room.ts';
import type { Rooms } from './rooms.ts';
import type { SyncSocket } from './socket.ts';
import { TokenBucket } from './token-bucket.ts';
import type { UpdateScan } from './update-scan.ts';

export interface ConnectionOptions {
  socket: SyncSocket;
  rooms: Rooms;
  boardId: string;
  userId: string;
  /** The account's name and colour, which its presence shows. */
  identity?: Omit<PresenceIdentity, 'userId'>;
  role: Role;
  limits: SyncLimits;
  writePolicy: WritePolicy;
  logger: Logger;
  counters: SyncCounters;
  onEnd: (connection: Connection) => void;
}

/** A stuck peer never reads our close frame; stop waiting for it after this long. */
const TERMINATE_AFTER_MS = 2_000;

/** One client on one board: decodes its frames, enforces limits, and talks to the room. */
export class Connection implements RoomPeer {
  readonly userId: string;
  /** Changed in place by access revalidation when the member's role changes. */
  role: Role;
  readonly #options: ConnectionOptions;
  readonly #socket: SyncSocket;
  readonly #room: Room;
  readonly #messageRate: TokenBucket;
  readonly #presence: PeerPresence;
  /** Frames that arrive while the board loads; null once it is ready. */
  #early: Uint8Array[] | null = [];
  #earlyBytes = 0;
  #open = true;
  /** The room's submit mark after this socket's latest accepted update. */
  #submitted = 0;

  constructor(options: ConnectionOptions) {
    this.#options = options;
    this.#socket = options.socket;
    this.userId = options.userId;
    this.role = options.role;
    const { limits } = options;
    this.#messageRate = new TokenBucket(limits.maxMessagesPerSecond, limits.messageBurst);
    this.#room = options.rooms.join(options.boardId, this);
    this.#presence = new PeerPresence({
      presence: this.#room.presence,
      peer: this,
      identity: { ...options.identity, userId: options.userId },
      maxPerSecond: limits.maxAwarenessPerSecond,
    });
    this.#room.ready.then(
      () => this.#start(),
      (err: unknown) => {
        options.logger.error({ err, boardId: options.boardId }, 'loading the board failed');
        this.close(CloseCode.InternalError);
      },
    );
  }

  get bufferedAmount(): number {
    return this.#open ? this.#socket.bufferedAmount : 0;
  }

  /** A frame from the socket. */
  receive(data: Uint8Array, isBinary: boolean): void {
    const { counters, limits } = this.#options;
    counters.messagesIn++;
    counters.bytesIn += data.length;
    if (!this.#open) return;
    if (!isBinary) return this.close(CloseCode.MalformedMessage, 'text frames are not supported');
    if (!this.#messageRate.take()) {
      return this.close(CloseCode.RateLimited, `over ${limits.maxMessagesPerSecond} messages/s`);
    }
    if (!this.#early) return this.#handle(data);
    // A stock client sends two small messages before it hears from us; anything much
    // larger while the board loads would only pile up in memory.
    this.#earlyBytes += data.length;
    if (this.#earlyBytes > limits.maxFrameBytes) {
      return this.close(CloseCode.MessageTooLarge, 'too much data while the board loads');
    }
    this.#early.push(data);
  }

  /** The socket is gone (closed by either side). */
  ended(): void {
    this.#open = false;
    this.#cleanup();
  }

  close(code: number, reason = describeCloseCode(code)): void {
    if (!this.#open) return;
    this.#open = false;
    countClose(this.#options.counters, code);
    this.#options.logger.debug({ boardId: this.#room.boardId, code, reason }, 'closing client');
    this.#socket.close(code, reason);
    if (code === CloseCode.SlowConsumer) {
      setTimeout(() => this.#socket.terminate(), TERMINATE_AFTER_MS).unref();
    }
    this.#cleanup();
  }

  sendDoc(message: Uint8Array): void {
    if (!this.#open) return;
    this.#send(message);
    if (this.#socket.bufferedAmount > this.#options.limits.slowConsumerHardBytes) {
      this.close(CloseCode.SlowConsumer);
    }
  }

  sendAwareness(message: Uint8Array): void {
    if (!this.#open) return;
    if (this.#socket.bufferedAmount > this.#options.limits.slowConsumerSoftBytes) return;
    this.#send(message);
  }

  #send(message: Uint8Array): void {
    this.#options.counters.messagesOut++;
    this.#options.counters.bytesOut += message.length;
    this.#socket.send(message);
  }

  #start(): void {
    if (!this.#open) return;
    // Ask for what the client has that we lack; y-websocket clients answer with step 2.
    this.sendDoc(this.#room.syncStep1());
    const presence = this.#room.presence.state();
    if (presence) this.sendAwareness(presence);
    const early = this.#early ?? [];
    this.#early = null;
    for (const data of early) if (this.#open) this.#handle(data);
  }

  #handle(data: Uint8Array): void {
    let message: ClientMessage;
    try {
      message = parseClientMessage(data, this.#options.limits);
    } catch (err) {
      if (err instanceof ProtocolError) return this.close(err.code, err.message);
      this.#options.logger.error({ err }, 'decoding a client message failed');
      return this.close(CloseCode.InternalError);
    }
    switch (message.type) {
      case 'sync-step1':
        return this.#answerStep1(message.stateVector);
      case 'sync-update':
        return this.#onUpdate(message.update, message.handshake);
      case 'awareness':
        return this.#presence.receive(message.entries);
      case 'query-awareness': {
        const presence = this.#room.presence.state();
        if (presence) this.sendAwareness(presence);
        return;
      }
      case 'auth':
        // Clients have nothing to tell us over the auth channel; accept and ignore.
        return;
    }
  }

  /**
   * Clients read the answer to a step 1 sent after their edits as "saved" (there is no
   * acknowledgement in the protocol), so it waits until this socket's updates are durable.
   */
  #answerStep1(stateVector: Uint8Array): void {
    const mark = this.#submitted;
    const answer = () => {
      if (this.#open) this.sendDoc(this.#room.syncStep2(stateVector));
    };
    if (mark === 0) return answer();
    void this.#room.whenDurable(mark).then(answer);
  }

  #onUpdate(update: Uint8Array, handshake: boolean): void {
    // Before the write policy decodes it: the structure bounds what judging it costs too.
    const structure = this.#room.budget.checkStructure(update, this.#room.doc, this.role);
    if (!structure.ok) return this.close(structure.code, structure.reason);
    const { scan, decoded } = structure;
    if (scan.structs === 0 && scan.deleteRanges === 0) return;
    const decision = this.#options.writePolicy({
      boardId: this.#room.boardId,
      userId: this.userId,
      role: this.role,
      update,
      doc: this.#room.doc,
      decoded,
    });
    if (decision.ok) {
      const growth = this.#room.budget.admitGrowth(update.length);
      if (!growth.ok) return this.close(growth.code, growth.reason);
      this.#room.submit(update, this);
      this.#submitted = this.#room.submitted;
      return;
    }
    // On connect every client sends its state back; a read-only client that brings
    // nothing new should not be told off for it.
    if (handshake && !bringsNewStructs(this.#room.doc, scan)) return;
    this.sendDoc(encodePermissionDenied(decision.reason));
  }

  #cleanup(): void {
    this.#presence.destroy();
    this.#early = null;
    if (!this.#room.peers.has(this)) return;
    this.#options.rooms.leave(this.#room, this);
    if (!this.#room.failed) this.#room.presence.leave(this);
    this.#options.onEnd(this);
  }
}

function bringsNewStructs(doc: Y.Doc, scan: UpdateScan): boolean {
  for (const [client, end] of scan.ends) if (end > Y.getState(doc.store, client)) return true;
  return false;
}
