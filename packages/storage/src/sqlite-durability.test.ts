import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSqliteStorage } from './sqlite-storage.ts';

const SCRIPT = fileURLToPath(new URL('./fixtures/append-loop.ts', import.meta.url));

interface Appender {
  child: ChildProcess;
  /** seq → payload, for every append the child saw resolve. */
  acked: Map<number, string>;
  exited: Promise<unknown[]>;
}

describe('sqlite durability across processes', () => {
  let dir: string;
  let file: string;
  let children: ChildProcess[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jb-durability-'));
    file = path.join(dir, 'journeyboard.db');
    const storage = createSqliteStorage({ file });
    await storage.boards.create({ id: 'b1', title: 'Durable' });
    await storage.close();
  });

  afterEach(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    children = [];
    await rm(dir, { recursive: true, force: true });
  });

  function startAppender(count: number, tag: string): Appender {
    const child = spawn(process.execPath, [SCRIPT, file, 'b1', String(count), tag], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const exited = once(child, 'exit');
    const acked = new Map<number, string>();
    let pending = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      // A line cut by the kill is not a complete acknowledgement; keep it until it ends.
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const [seq, payload] = line.split(' ');
        acked.set(Number(seq), payload ?? '');
      }
    });
    return { child, acked, exited };
  }

  async function logOnDisk(): Promise<Map<number, string>> {
    const storage = createSqliteStorage({ file });
    try {
      const decoder = new TextDecoder();
      const entries = await storage.updates.load('b1');
      return new Map(entries.map((entry) => [entry.seq, decoder.decode(entry.bytes)]));
    } finally {
      await storage.close();
    }
  }

  it('keeps every acknowledged append when the writer is killed with SIGKILL', async () => {
    const appender = startAppender(0, 'k');
    await vi.waitFor(() => expect(appender.acked.size).toBeGreaterThanOrEqual(500), {
      timeout: 15_000,
    });
    appender.child.kill('SIGKILL');
    const [, signal] = await appender.exited;
    expect(signal).toBe('SIGKILL');

    const onDisk = await logOnDisk();
    for (const [seq, payload] of appender.acked) expect(onDisk.get(seq)).toBe(payload);
  });

  it('two processes appending to one board get distinct, gapless seqs', async () => {
    const a = startAppender(300, 'a');
    const b = startAppender(300, 'b');
    const [[codeA], [codeB]] = await Promise.all([a.exited, b.exited]);
    expect([codeA, codeB]).toEqual([0, 0]);

    const seqsA = [...a.acked.keys()];
    const seqsB = [...b.acked.keys()];
    expect(new Set([...seqsA, ...seqsB]).size).toBe(600);
    const onDisk = await logOnDisk();
    expect([...onDisk.keys()]).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    for (const [seq, payload] of [...a.acked, ...b.acked]) expect(onDisk.get(seq)).toBe(payload);
  });
});
