import type { Logger } from 'pino';
import type { Room, RoomPeer } from './room.ts';

export interface RoomsOptions {
  createRoom: (boardId: string) => Room;
  unloadAfterMs: number;
  logger: Logger;
}

/**
 * The boards in memory. A board is loaded once however many clients arrive together, and
 * dropped (after its writes are durable) once it has had no clients for a grace period,
 * so memory follows the boards in use, not the boards ever visited.
 */
export class Rooms {
  readonly #options: RoomsOptions;
  readonly #rooms = new Map<string, Room>();
  readonly #unloadTimers = new Map<Room, NodeJS.Timeout>();

  constructor(options: RoomsOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#rooms.size;
  }

  /** The board's room when it is loaded (or loading) on this node. */
  get(boardId: string): Room | undefined {
    return this.#rooms.get(boardId);
  }

  values(): IterableIterator<Room> {
    return this.#rooms.values();
  }

  join(boardId: string, peer: RoomPeer): Room {
    let room = this.#rooms.get(boardId);
    if (!room) {
      room = this.#options.createRoom(boardId);
      this.#rooms.set(boardId, room);
    }
    this.#cancelUnload(room);
    room.peers.add(peer);
    return room;
  }

  leave(room: Room, peer: RoomPeer): void {
    room.peers.delete(peer);
    if (room.peers.size > 0 || this.#rooms.get(room.boardId) !== room) return;
    if (room.failed) {
      // A failed load is retried by the next client, not served from memory.
      this.#drop(room);
      return;
    }
    this.#scheduleUnload(room, this.#options.unloadAfterMs);
  }

  /** Writes everything pending and drops every board (server shutdown). */
  async closeAll(): Promise<void> {
    const rooms = [...this.#rooms.values()];
    for (const room of rooms) this.#cancelUnload(room);
    await Promise.all(rooms.map((room) => room.ready.catch(() => {}).then(() => room.whenIdle())));
    for (const room of rooms) this.#drop(room);
  }

  #scheduleUnload(room: Room, delayMs: number): void {
    this.#cancelUnload(room);
    const timer = setTimeout(() => {
      this.#unloadTimers.delete(room);
      if (room.peers.size > 0) return;
      if (!room.idle) {
        // Never drop a board with writes in flight or awaiting retry.
        room
          .whenIdle()
          .then(() => {
            if (room.peers.size === 0 && this.#rooms.get(room.boardId) === room) {
              this.#scheduleUnload(room, 0);
            }
          })
          .catch((err: unknown) => this.#options.logger.error({ err }, 'unload wait failed'));
        return;
      }
      this.#drop(room);
    }, delayMs);
    timer.unref();
    this.#unloadTimers.set(room, timer);
  }

  #cancelUnload(room: Room): void {
    const timer = this.#unloadTimers.get(room);
    if (timer) clearTimeout(timer);
    this.#unloadTimers.delete(room);
  }

  #drop(room: Room): void {
    this.#cancelUnload(room);
    if (this.#rooms.get(room.boardId) === room) this.#rooms.delete(room.boardId);
    room.destroy();
    this.#options.logger.debug({ boardId: room.boardId }, 'board unloaded');
  }
}
