import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSqliteStorage, type Storage, type User } from '@journeyboard/storage';
import { generateId } from './tokens.ts';

/** A real SQLite file in a fresh temp folder, with shortcuts to set up users and boards. */
export interface TestStorage {
  storage: Storage;
  /** The database file and its WAL companions, for tests that inspect raw bytes. */
  files(): string[];
  /** A user whose password hash is a placeholder: for tests that never sign in. */
  createUser(email: string): Promise<User>;
  /** A board owned by `ownerId`; returns its id. */
  createBoard(ownerId: string): Promise<string>;
  dispose(): Promise<void>;
}

export async function openTestStorage(): Promise<TestStorage> {
  const dir = await mkdtemp(path.join(tmpdir(), 'jb-auth-'));
  const file = path.join(dir, 'auth.db');
  const storage = createSqliteStorage({ file });
  let closed = false;
  const close = storage.close.bind(storage);
  const tracked: Storage = {
    ...storage,
    close: async () => {
      if (closed) return;
      closed = true;
      await close();
    },
  };
  return {
    storage: tracked,
    files: () => [file, `${file}-wal`, `${file}-shm`],
    createUser: (email) =>
      storage.users.create({
        id: generateId(),
        email,
        displayName: email.split('@')[0] ?? email,
        colour: '#3d85c6',
        passwordHash: 'not-a-real-hash',
      }),
    async createBoard(ownerId) {
      const id = `board-${generateId()}`;
      await storage.boards.create({ id, title: 'Onboarding', createdBy: ownerId });
      await storage.members.add(id, ownerId, 'owner');
      return id;
    },
    async dispose() {
      await tracked.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
