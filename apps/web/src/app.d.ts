import type { SessionRecord, User } from '@journeyboard/storage';

declare global {
  namespace App {
    interface Error {
      status: number;
      message: string;
      /** Set for unexpected errors: the id logged beside the detail, for support. */
      errorId?: string;
    }
    interface Locals {
      /** The signed-in user, resolved from the session cookie by `hooks.server.ts`. */
      user: User | null;
      session: SessionRecord | null;
    }
  }
}

export {};
