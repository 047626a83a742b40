import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SyncServerOptions } from './options.ts';
import {
  Resources,
  boardId,
  openTestStorage,
  startServer,
  tempDir,
  type TestServer,
} from './test/helpers.ts';
import { hostnameOf } from './request-checks.ts';

const resources = new Resources();
afterEach(() => resources.closeAll());

async function start(options: Partial<SyncServerOptions> = {}): Promise<TestServer> {
  const storage = openTestStorage(resources, `${tempDir(resources)}/board.db`);
  return startServer(resources, { storage, ...options });
}

/** The upgrade's answer: 101 when the socket opened, else the refusal's status and body. */
function upgrade(
  server: TestServer,
  headers: { origin?: string; host?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${server.url}/${boardId()}`, {
      ...(headers.origin ? { origin: headers.origin } : {}),
      ...(headers.host ? { headers: { host: headers.host } } : {}),
    });
    resources.add(ws, (s) => s.terminate());
    ws.on('error', () => {});
    ws.on('open', () => resolve({ status: 101, body: '' }));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: body.trim() }));
    });
  });
}

describe('Origin at the sync upgrade (issue 15.4)', () => {
  it('refuses a page on another port of the same host', async () => {
    const server = await start();
    const self = `http://127.0.0.1:${server.port}`;
    expect(await upgrade(server, { origin: 'http://127.0.0.1:1' })).toEqual({
      status: 403,
      body: 'origin http://127.0.0.1:1 not allowed',
    });
    expect((await upgrade(server, { origin: self })).status).toBe(101);
  });

  it('accepts only the configured origins when there are some', async () => {
    const server = await start({ allowedOrigins: ['https://boards.example.com'] });
    expect(await upgrade(server, { origin: 'https://evil.example.com' })).toEqual({
      status: 403,
      body: 'origin https://evil.example.com not allowed',
    });
    expect((await upgrade(server, { origin: 'https://sub.boards.example.com' })).status).toBe(403);
    expect((await upgrade(server, { origin: 'null' })).status).toBe(403);
    expect((await upgrade(server, { origin: 'https://boards.example.com' })).status).toBe(101);
  });

  it('lets clients that send no Origin (not a browser) through', async () => {
    const server = await start({ allowedOrigins: ['https://boards.example.com'] });
    expect((await upgrade(server, {})).status).toBe(101);
  });
});

describe('Host with access checks off (issue 15.16, DNS rebinding)', () => {
  it('refuses an upgrade whose Host is not a loopback name', async () => {
    const server = await start({ noAuth: true });
    expect(await upgrade(server, { host: `rebind.evil.example:${server.port}` })).toEqual({
      status: 403,
      body: `host rebind.evil.example:${server.port} not allowed`,
    });
    expect((await upgrade(server, { host: `localhost:${server.port}` })).status).toBe(101);
  });

  it('reads the name out of a Host header', () => {
    expect(hostnameOf('[::1]:3000')).toBe('::1');
    expect(hostnameOf('127.0.0.1:80')).toBe('127.0.0.1');
    expect(hostnameOf('localhost')).toBe('localhost');
  });
});
