import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { addCard, addLane, addStage } from '@journeyboard/model';
import { createSqliteStorage, type BoardRole, type Storage } from '@journeyboard/storage';
import { createSyncServer, type SyncServer } from '@journeyboard/sync';
import { createMailer, type Mailer } from '../mail/mailer.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../mail/test-smtp-server.ts';
import { NotificationService } from './notification-service.ts';

export const BOARD = 'notifyboard0001x';
export const ORIGIN = 'http://jb.example';

/**
 * A SQLite instance, the sync engine over it (no sockets: its `BoardDocs`), a real SMTP
 * server, a board with one card, and a clock tests move.
 */
export interface NotifyWorld {
  storage: Storage;
  sync: SyncServer;
  smtp: TestSmtpServer;
  mailer: Mailer;
  clock: { now: number };
  service: NotificationService;
  cardId: string;
  /** Runs `edit` on the board as its owner, through `BoardDocs` like any server write. */
  edit<T>(edit: (doc: Y.Doc) => T): Promise<T>;
  addMember(id: string, role?: BoardRole): Promise<void>;
  close(): Promise<void>;
}

export async function startNotifyWorld(): Promise<NotifyWorld> {
  const dir = mkdtempSync(path.join(tmpdir(), 'jb-notify-'));
  const storage = createSqliteStorage({ file: path.join(dir, 'board.db') });
  const smtp = await startTestSmtpServer();
  const mailer = createMailer({ smtpUrl: smtp.url, from: 'Journeyboard <jb@example.com>' });
  const clock = { now: Date.now() };
  // The engine logs at info by default; these tests read its effects, not its log.
  process.env.LOG_LEVEL ??= 'silent';
  const sync = createSyncServer({ storage });
  const service = new NotificationService({
    storage,
    mailer,
    origin: () => ORIGIN,
    now: () => clock.now,
  });
  await storage.boards.create({ id: BOARD, title: 'Checkout journey' });
  const owner = { userId: 'owner' };
  const edit = <T>(change: (doc: Y.Doc) => T): Promise<T> =>
    sync.docs.write(BOARD, owner, (doc) => change(doc));
  const cardId = await edit((doc) => {
    const stage = addStage(doc, { name: 'Pay' }, owner);
    const lane = addLane(doc, { name: 'Friction', kind: 'friction' }, owner);
    return addCard(doc, { laneId: lane, stageId: stage, text: 'Card form rejects spaces' }, owner);
  });
  const addMember = async (id: string, role: BoardRole = 'editor') => {
    await storage.users.create({
      id,
      email: `${id}@example.com`,
      displayName: id.charAt(0).toUpperCase() + id.slice(1),
      colour: '#3d85c6',
      passwordHash: 'x',
    });
    await storage.members.add(BOARD, id, role);
  };
  return {
    storage,
    sync,
    smtp,
    mailer,
    clock,
    service,
    cardId,
    edit,
    addMember,
    async close() {
      mailer.close();
      await smtp.close();
      await sync.close();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
