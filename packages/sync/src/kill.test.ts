import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CloseCode } from '@journeyboard/protocol';
import { Resources, boardId, connect, tempDir, whenSynced } from './test/helpers.ts';

const resources = new Resources();
afterEach(() => resources.closeAll());

const mainPath = fileURLToPath(new URL('../../../apps/sync/src/main.ts', import.meta.url));

/** Runs the real bin as a child process and resolves once it prints its address. */
function startBin(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [mainPath], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      JOURNEYBOARD_NO_AUTH: '1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  resources.add(child, (c) => {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /journeyboard sync listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolve({ child, url: `ws://127.0.0.1:${match[1]}/sync` });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`bin exited (${code}): ${output}`)));
  });
}

describe('durability', () => {
  it('loses nothing a client received when the process is killed with SIGKILL', async () => {
    const dataDir = tempDir(resources);
    const board = boardId('kill');
    const first = await startBin(dataDir);
    const writer = connect(resources, first, board);
    const reader = connect(resources, first, board);
    await Promise.all([whenSynced(writer), whenSynced(reader)]);

    const received = new Set<string>();
    reader.doc.getMap('entries').observe((event) => {
      for (const key of event.keysChanged) received.add(key as string);
    });
    let sent = 0;
    // One transaction per tick keeps the writer under the per-connection message rate.
    const stream = setInterval(() => {
      writer.doc.transact(() => {
        for (let i = 0; i < 5; i++) writer.doc.getMap('entries').set(`entry-${sent++}`, sent);
      });
    }, 8);
    resources.add(stream, clearInterval);

    await vi.waitFor(() => expect(received.size).toBeGreaterThan(300), { timeout: 10_000 });
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    clearInterval(stream);
    writer.destroy();
    reader.destroy();
    expect(sent).toBeGreaterThan(received.size - 1);

    const second = await startBin(dataDir);
    const fresh = connect(resources, second, board);
    await whenSynced(fresh);
    const recovered = fresh.doc.getMap('entries');
    const missing = [...received].filter((key) => !recovered.has(key));
    expect(missing).toEqual([]);
  }, 30_000);

  it('closes clients and exits 0 on SIGTERM', async () => {
    const { child, url } = await startBin(tempDir(resources));
    const provider = connect(resources, { url }, boardId());
    await whenSynced(provider);
    const closes: number[] = [];
    provider.on('connection-close', (event) => {
      if (event) closes.push(event.code);
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(closes).toContain(CloseCode.ServerShuttingDown);
  });

  it('refuses JOURNEYBOARD_NO_AUTH on a non-loopback HOST', async () => {
    const child = spawn(process.execPath, [mainPath], {
      env: { ...process.env, HOST: '0.0.0.0', PORT: '0', JOURNEYBOARD_NO_AUTH: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('loopback');
  });
});
