import type { BoardRole } from '@journeyboard/storage';

/** What `GET /b/[id]/share` answers (see `#lib/server/share/roster.ts`). */
export interface ShareRoster {
  manage: boolean;
  members: {
    id: string;
    displayName: string;
    email: string | null;
    colour: string;
    role: BoardRole;
    you: boolean;
  }[];
  invites: {
    id: string;
    role: BoardRole;
    expiresAt: number;
    maxUses: number | null;
    uses: number;
  }[];
  /** Members waiting for edit access (owners only). */
  requests: { userId: string; at: number }[];
}

export interface CreatedInvite {
  link: string;
  role: BoardRole;
  email: string | null;
  emailSent: boolean;
}

/** A refusal the person can act on: the server's own sentence. */
class ShareRequestError extends Error {
  readonly code = 'share-request-failed';
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'ShareRequestError';
    this.status = status;
  }
}

async function send<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: init.body ? { 'content-type': 'application/json' } : {},
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    throw new ShareRequestError(
      response.status,
      body?.message ?? `The server answered ${response.status}.`,
    );
  }
  return (response.status === 204 ? null : await response.json()) as T;
}

/** The Share dialog's requests, one board. */
export class ShareApi {
  readonly #base: string;

  constructor(boardId: string) {
    this.#base = `/b/${encodeURIComponent(boardId)}/share`;
  }

  roster(): Promise<ShareRoster> {
    return send(this.#base);
  }

  invite(input: { role: BoardRole; email?: string }): Promise<CreatedInvite> {
    return send(this.#base, { method: 'POST', body: JSON.stringify(input) });
  }

  revoke(inviteId: string): Promise<null> {
    return send(`${this.#base}/invites/${encodeURIComponent(inviteId)}`, { method: 'DELETE' });
  }

  changeRole(userId: string, role: BoardRole): Promise<unknown> {
    return send(`${this.#base}/members/${encodeURIComponent(userId)}`, {
      method: 'PATCH',
      body: JSON.stringify({ role }),
    });
  }

  remove(userId: string): Promise<unknown> {
    return send(`${this.#base}/members/${encodeURIComponent(userId)}`, { method: 'DELETE' });
  }
}
