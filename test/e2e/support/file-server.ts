import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startWebServer, type WebServer } from './web-server.ts';

export interface FileServer {
  /** The running server; read it inside tests and hooks, once `beforeAll` has run. */
  readonly server: WebServer;
  readonly dataDir: string;
}

/**
 * One production server for the whole test file, on a data folder of its own: started
 * before the file's first test, stopped and its folder removed after the last. Call it at
 * the top of the file.
 */
export function serverForFile(name: string): FileServer {
  let dataDir: string | undefined;
  let server: WebServer | undefined;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), `journeyboard-${name}-`));
    server = await startWebServer({ dataDir });
  });
  afterAll(async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    get server() {
      if (!server) throw new Error('the file server is read before beforeAll started it');
      return server;
    },
    get dataDir() {
      if (!dataDir) throw new Error('the file server is read before beforeAll made its folder');
      return dataDir;
    },
  };
}
