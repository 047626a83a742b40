import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createPostgresStorage } from '@journeyboard/storage';
import { Resources, boardId, connect, tempDir, whenSynced } from './test/helpers.ts';
import { createScaleOutEnv, spawnNode, type ScaleOutEnv } from './test/scale-out.ts';

const resources = new Resources();
let env: ScaleOutEnv;

beforeAll(async () => {
  env = await createScaleOutEnv();
});
afterAll(() => env?.close());
afterEach(() => resources.closeAll());

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const webServer = fileURLToPath(new URL('../../../apps/web/server.ts', import.meta.url));

/** The one-process web server (`node apps/web/server.ts`, after the web build). */
function spawnWeb(extra: Record<string, string>) {
  if (!existsSync(fileURLToPath(new URL('../../../apps/web/build/handler.js', import.meta.url)))) {
    throw new Error('apps/web/build is missing: run ./jb pnpm --filter @journeyboard/web build');
  }
  const child = spawn(process.execPath, [webServer], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NO_COLOR: '1', ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  resources.add(child, async (c) => {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await exited;
  });
  return new Promise<{ url: string; exited: Promise<number | null>; stop: () => void }>(
    (resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Journeyboard running at http:\/\/localhost:(\d+)/.exec(output);
        if (match) {
          resolve({
            url: `ws://127.0.0.1:${match[1]}/sync`,
            exited,
            stop: () => child.kill('SIGTERM'),
          });
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exited.then((code) => reject(new Error(`web server exited (${code}): ${output}`)));
    },
  );
}

describe('the one-process web server in the scale-out topology', () => {
  it('runs on DATABASE_URL and shares boards with a sync node through REDIS_URL', async () => {
    const dataDir = tempDir(resources);
    const web = await spawnWeb({
      DATA_DIR: dataDir,
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: env.redisUrl,
      REDIS_PREFIX: env.prefix,
      JOURNEYBOARD_NO_AUTH: '1',
    });
    const node = await spawnNode(resources, env);
    const id = boardId('web-and-node');
    const onWeb = connect(resources, web, id);
    const onNode = connect(resources, node, id);
    await Promise.all([whenSynced(onWeb), whenSynced(onNode)]);
    onWeb.doc.getMap('entries').set('from-web', 1);
    onNode.doc.getMap('entries').set('from-node', 2);
    const expected = { 'from-web': 1, 'from-node': 2 };
    await vi.waitFor(() => {
      expect(onWeb.doc.getMap('entries').toJSON()).toEqual(expected);
      expect(onNode.doc.getMap('entries').toJSON()).toEqual(expected);
    });

    // Both wrote to PostgreSQL; no SQLite database appeared in DATA_DIR.
    const storage = resources.add(
      await createPostgresStorage({ connectionString: env.databaseUrl, max: 1 }),
      (s) => s.close(),
    );
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates((await storage.updates.load(id)).map((e) => e.bytes)));
    expect(doc.getMap('entries').toJSON()).toEqual(expected);
    expect(readdirSync(dataDir)).toEqual([]);

    web.stop();
    expect(await web.exited).toBe(0);
  }, 30_000);
});
