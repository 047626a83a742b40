import path from 'node:path';
import * as Y from 'yjs';
import { SQLITE_FILE_NAME, createSqliteStorage, type Storage } from '@journeyboard/storage';

/** A second handle on a running server's SQLite file, closed after `fn`. */
export async function withStoredBoards<T>(
  dataDir: string,
  fn: (storage: Storage) => Promise<T>,
): Promise<T> {
  const storage = createSqliteStorage({ file: path.join(dataDir, SQLITE_FILE_NAME) });
  try {
    return await fn(storage);
  } finally {
    await storage.close();
  }
}

/** The board as stored, read through a second handle on the server's file. */
export function storedBoardDoc(dataDir: string, boardId: string): Promise<Y.Doc> {
  return withStoredBoards(dataDir, async (storage) => {
    const doc = new Y.Doc();
    for (const entry of await storage.updates.load(boardId)) Y.applyUpdate(doc, entry.bytes);
    return doc;
  });
}
