import { expect, vi } from 'vitest';
import WebSocket from 'ws';
import { readAuthMessage } from 'y-protocols/auth';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MessageType } from '@journeyboard/protocol';

/**
 * A browser without JavaScript, as far as the server can tell: form posts with
 * `Accept: text/html` and the site's Origin, redirects not followed, one cookie jar.
 */
export class HttpClient {
  readonly base: string;
  cookie = '';
  /** Sent as X-Forwarded-For, for a server started behind a "proxy" (ADDRESS_HEADER). */
  readonly address: string | undefined;

  constructor(base: string, options: { address?: string } = {}) {
    this.base = base;
    this.address = options.address;
  }

  #addressHeader(): Record<string, string> {
    return this.address ? { 'x-forwarded-for': this.address } : {};
  }

  async get(path: string): Promise<Response> {
    return this.#remember(
      await fetch(this.base + path, {
        redirect: 'manual',
        headers: { accept: 'text/html', cookie: this.cookie, ...this.#addressHeader() },
      }),
    );
  }

  async post(
    path: string,
    fields: Record<string, string> = {},
    options: { origin?: string; enhanced?: boolean } = {},
  ): Promise<Response> {
    return this.#remember(
      await fetch(this.base + path, {
        method: 'POST',
        redirect: 'manual',
        // `enhanced`: as `use:enhance` posts, answered with JSON instead of a rendered page.
        headers: {
          accept: options.enhanced ? 'application/json' : 'text/html',
          ...(options.enhanced ? { 'x-sveltekit-action': 'true' } : {}),
          origin: options.origin ?? this.base,
          'content-type': 'application/x-www-form-urlencoded',
          cookie: this.cookie,
          ...this.#addressHeader(),
        },
        body: new URLSearchParams(fields).toString(),
      }),
    );
  }

  /** Signs up, then in: sign-up itself opens no session (it must not tell taken addresses). */
  async signUp(name: string, email = `${name.toLowerCase()}-${unique()}@example.com`) {
    const password = 'correct horse battery';
    const response = await this.post('/signup', {
      displayName: name,
      email,
      password,
      redirectTo: '/',
    });
    if (response.status !== 303) throw new Error(`sign-up failed: ${response.status}`);
    const signedIn = await this.post('/signin', { email, password, redirectTo: '/' });
    if (signedIn.status !== 303)
      throw new Error(`sign-in after sign-up failed: ${signedIn.status}`);
    return email;
  }

  /** Creates a board (as its owner) from a template and returns its id. */
  async createBoard(title: string, template: 'blank' | 'starter' = 'blank'): Promise<string> {
    const response = await this.post('/?/create', { title, template });
    const match = /\/b\/([A-Za-z0-9_-]{16})$/.exec(response.headers.get('location') ?? '');
    if (response.status !== 303 || !match?.[1]) {
      throw new Error(`creating a board failed: ${response.status}`);
    }
    return match[1];
  }

  /** Creates an invite link on the members page and returns its token. */
  async invite(boardId: string, role: string): Promise<string> {
    const response = await this.post(`/b/${boardId}/members?/invite`, {
      role,
      expiresInDays: '7',
      maxUses: '',
    });
    const match = /\/invite\/([a-z0-9]{32})/.exec(await response.text());
    if (!match?.[1]) throw new Error(`creating an invite failed: ${response.status}`);
    return match[1];
  }

  /** Makes this client a member of the board through an invite of `owner`. */
  async join(owner: HttpClient, boardId: string, role: string): Promise<void> {
    const token = await owner.invite(boardId, role);
    const response = await this.post(`/invite/${token}`);
    if (response.status !== 303) throw new Error(`accepting failed: ${response.status}`);
  }

  #remember(response: Response): Response {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, value] = (pair ?? '').split('=');
      if (name !== 'jb_session') continue;
      this.cookie = value ? `jb_session=${value}` : '';
    }
    return response;
  }
}

let counter = 0;
export function unique(): string {
  counter++;
  return `${process.pid}-${counter}-${Math.random().toString(36).slice(2, 7)}`;
}

/** The HTTP status of an upgrade to /sync/:boardId (101 when a socket opened). */
export function upgradeStatus(base: string, boardId: string, cookie = ''): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/sync/${boardId}`, {
      headers: cookie ? { cookie } : {},
    });
    ws.on('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('error', () => {});
  });
}

/** The stock provider, connecting with a session cookie as a browser would. */
export function openProvider(base: string, boardId: string, cookie: string): WebsocketProvider {
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  return new WebsocketProvider(`${base.replace('http', 'ws')}/sync`, boardId, new Y.Doc(), {
    disableBc: true,
    WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
  });
}

export function whenSynced(provider: WebsocketProvider): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve) => provider.once('sync', () => resolve()));
}

/** Resolves once a second connection to the board reads `stored` as true: the server has it. */
export async function whenStored(
  client: HttpClient,
  boardId: string,
  stored: (doc: Y.Doc) => boolean,
  timeout = 10_000,
): Promise<void> {
  const check = openProvider(client.base, boardId, client.cookie);
  try {
    await vi.waitFor(
      async () => {
        await whenSynced(check);
        expect(stored(check.doc)).toBe(true);
      },
      { timeout },
    );
  } finally {
    check.destroy();
  }
}

/** Resolves with the code of the next close of the provider's socket. */
export function nextClose(provider: WebsocketProvider): Promise<number> {
  return new Promise((resolve) => {
    provider.once('connection-close', (event) => resolve(event?.code ?? 0));
  });
}

/** A member's user id, read from the owner's members page. */
export async function memberId(owner: HttpClient, boardId: string, name: string): Promise<string> {
  const html = await (await owner.get(`/b/${boardId}/members`)).text();
  // Anchored to the member row's name span: a bare name can also occur in hashed asset names.
  const pattern = new RegExp(`class="name[^"]*">${name}[\\s\\S]*?name="userId" value="([^"]+)"`);
  const id = pattern.exec(html)?.[1];
  if (!id) throw new Error(`no member ${name}`);
  return id;
}

/** Collects the server's permission-denied reasons for this provider. */
export function denials(provider: WebsocketProvider): string[] {
  const reasons: string[] = [];
  provider.messageHandlers[MessageType.Auth] = (_encoder, decoder) => {
    readAuthMessage(decoder, provider.doc, (_doc, reason) => reasons.push(reason));
  };
  return reasons;
}
