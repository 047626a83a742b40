import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { CloseCode } from '@journeyboard/protocol';
import type { AccessDecision, Authorize, Role } from './options.ts';

/** Often enough that a removed member is gone within seconds, cheap enough for many sockets. */
export const DEFAULT_REVALIDATE_EVERY_MS = 3_000;

/** What revalidation needs from an open connection. */
export interface RevalidatedConnection {
  role: Role;
  close(code: number, reason?: string): void;
}

export interface RevalidateFilter {
  boardId?: string;
  /** The session id `authorize` reported (e.g. the one that just signed out). */
  sessionId?: string;
}

interface Grant {
  boardId: string;
  req: IncomingMessage;
  sessionId: string | undefined;
}

export interface AccessRevalidatorOptions {
  authorize: Authorize;
  /** The open connections, read on every pass. */
  connections: () => Iterable<RevalidatedConnection>;
  logger: Logger;
  /** 0 turns the periodic pass off (revalidate() still works). */
  everyMs: number;
}

const CLOSE_FOR_STATUS: Record<401 | 403 | 404, number> = {
  401: CloseCode.Unauthorized,
  403: CloseCode.Forbidden,
  404: CloseCode.BoardNotFound,
};

/**
 * Re-runs `authorize` for open connections, so that a role change, a removal or a
 * sign-out reaches sockets that were admitted earlier: immediately when the web app in
 * the same process calls `revalidate`, and every `everyMs` otherwise (web and sync in
 * separate processes). One `authorize` per distinct session and board per pass, however
 * many tabs that session has open.
 */
export class AccessRevalidator {
  readonly #options: AccessRevalidatorOptions;
  readonly #grants = new WeakMap<RevalidatedConnection, Grant>();
  readonly #timer: NodeJS.Timeout | null;
  #running: Promise<void> | null = null;

  constructor(options: AccessRevalidatorOptions) {
    this.#options = options;
    this.#timer = options.everyMs > 0 ? setInterval(() => this.#tick(), options.everyMs) : null;
    this.#timer?.unref();
  }

  /** Remembers how a connection was admitted, to ask again later. */
  track(
    connection: RevalidatedConnection,
    grant: { boardId: string; req: IncomingMessage; access: AccessDecision & { ok: true } },
  ): void {
    this.#grants.set(connection, {
      boardId: grant.boardId,
      req: grant.req,
      sessionId: grant.access.sessionId,
    });
  }

  /** Re-checks the matching connections now; resolves once they are downgraded or closed. */
  async revalidate(filter: RevalidateFilter = {}): Promise<void> {
    const groups = new Map<string, { grant: Grant; connections: RevalidatedConnection[] }>();
    for (const connection of this.#options.connections()) {
      const grant = this.#grants.get(connection);
      if (!grant) continue;
      if (filter.boardId !== undefined && grant.boardId !== filter.boardId) continue;
      if (filter.sessionId !== undefined && grant.sessionId !== filter.sessionId) continue;
      const key = `${grant.boardId}\n${grant.req.headers.cookie ?? ''}`;
      const group = groups.get(key) ?? { grant, connections: [] };
      group.connections.push(connection);
      groups.set(key, group);
    }
    await Promise.all(
      [...groups.values()].map(async ({ grant, connections }) => {
        let decision: AccessDecision;
        try {
          decision = await this.#options.authorize(grant.req, grant.boardId);
        } catch (err) {
          // Keep the connection: an outage of the database should not disconnect everyone.
          this.#options.logger.warn({ err, boardId: grant.boardId }, 'revalidation failed');
          return;
        }
        for (const connection of connections) apply(connection, decision);
      }),
    );
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }

  #tick(): void {
    if (this.#running) return;
    this.#running = this.revalidate().finally(() => {
      this.#running = null;
    });
  }
}

function apply(connection: RevalidatedConnection, decision: AccessDecision): void {
  if (!decision.ok) {
    connection.close(CLOSE_FOR_STATUS[decision.status], decision.reason);
    return;
  }
  // Reading stays open; the write policy judges the next update by the new role.
  connection.role = decision.role;
}
