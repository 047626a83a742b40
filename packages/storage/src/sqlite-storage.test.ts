import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSqliteStorage } from './sqlite-storage.ts';
import { runStorageContract } from './storage.contract.ts';

runStorageContract('sqlite (temp file)', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'jb-storage-'));
  const file = path.join(dir, 'journeyboard.db');
  return {
    open: () => Promise.resolve(createSqliteStorage({ file })),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
});
