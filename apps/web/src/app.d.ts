import type { Services } from '@journeyboard/server';
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
      /** The process's services (storage, sync engine, BoardDocs, logger), from `platform`. */
      services: Services;
      /** The signed-in user, resolved from the session cookie by `hooks.server.ts`. */
      user: User | null;
      session: SessionRecord | null;
    }
    interface Platform {
      /** Under `vite dev`: the dev server's services (vite.config.ts); see `servicesOf`. */
      services?: Services;
    }
  }
}

export {};
