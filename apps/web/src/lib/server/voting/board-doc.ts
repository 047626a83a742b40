import type { Actor } from '@journeyboard/model';
import type { Storage } from '@journeyboard/storage';
import type { BoardDocs } from '@journeyboard/sync';

/** What the voting and facilitation code needs from the process around it. */
export interface ServerBoardDeps {
  storage: Storage;
  /** Reads boards and writes the server's changes through the live rooms. */
  boardDocs: BoardDocs;
  now(): number;
}

/** The origin of every write the server makes into a board for voting and facilitation. */
export const SERVER_ACTOR: Actor = { userId: 'journeyboard:server' };
