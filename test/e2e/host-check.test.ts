import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from './support/web-server.ts';

let dataDir: string;
let server: WebServer;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-host-check-'));
  server = await startWebServer({ dataDir, env: { JOURNEYBOARD_NO_AUTH: '1' } });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** GET `path` with the given Host header (fetch does not let a page choose it; DNS does). */
function get(pathname: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path: pathname, headers: { host } },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: body.trim() }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('access checks off: requests under a rebound name (issue 15.16)', () => {
  it('refuses app pages and health checks whose Host is not a loopback name', async () => {
    const host = `rebind.evil.example:${server.port}`;
    expect(await get('/signin', host)).toEqual({ status: 403, body: `host ${host} not allowed` });
    expect((await get('/healthz', host)).status).toBe(403);
  });

  it('serves the same requests under localhost', async () => {
    expect((await get('/signin', `localhost:${server.port}`)).status).toBe(200);
    expect((await get('/healthz', `127.0.0.1:${server.port}`)).status).toBe(200);
  });
});
