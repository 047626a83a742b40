import { afterEach, beforeEach, expect, it } from 'vitest';
import { addComment } from '@journeyboard/model';
import { BATCH_WINDOW_MS } from './notification-service.ts';
import { BOARD, ORIGIN, startNotifyWorld, type NotifyWorld } from './test-world.ts';

let world: NotifyWorld;
const MINUTE = 60_000;

beforeEach(async () => {
  world = await startNotifyWorld();
  await world.addMember('ada');
  await world.addMember('bob');
  await world.addMember('cy', 'commenter');
});

afterEach(async () => {
  await world.close();
});

function comment(
  author: string,
  body: string,
  options: { mentions?: string[]; replyTo?: string } = {},
) {
  return world.edit((doc) =>
    addComment(
      doc,
      { target: { kind: 'card', id: world.cardId }, body, ...options },
      { userId: author },
    ),
  );
}

/** Scans and sends as the sweep does, at the world's clock. */
async function sweep(): Promise<void> {
  await world.service.scanBoard(BOARD);
  await world.service.flush();
}

function mailsTo(address: string) {
  return world.smtp.received.filter(
    (mail) => mail.to && 'text' in mail.to && mail.to.text === address,
  );
}

it('emails a mention once its window has passed, linking to the comment', async () => {
  const commentId = await comment('ada', '@Bob can you check this?', { mentions: ['bob'] });
  await sweep();
  expect(world.smtp.received).toHaveLength(0);
  world.clock.now += BATCH_WINDOW_MS;
  await sweep();
  const mails = mailsTo('bob@example.com');
  expect(mails).toHaveLength(1);
  const [mail] = mails;
  expect(mail?.subject).toBe('Ada mentioned you on "Checkout journey"');
  const link = `${ORIGIN}/b/${BOARD}?comment=${commentId}`;
  expect(mail?.text).toContain(link);
  expect(mail?.text).toContain('card “Card form rejects spaces”');
  expect(mail?.html).toContain(`href="${link}"`);
  // Nobody else was mentioned, and the author is never told of their own comment.
  expect(world.smtp.received).toHaveLength(1);
});

it('collects two mentions within 10 minutes into one email', async () => {
  await comment('ada', '@Bob first', { mentions: ['bob'] });
  await sweep();
  world.clock.now += 4 * MINUTE;
  await comment('cy', '@Bob second', { mentions: ['bob'] });
  await sweep();
  world.clock.now += 6 * MINUTE;
  await sweep();
  await sweep();
  const mails = mailsTo('bob@example.com');
  expect(mails).toHaveLength(1);
  expect(mails[0]?.subject).toBe('2 new comments for you on Journeyboard');
  expect(mails[0]?.text).toContain('“@Bob first”');
  expect(mails[0]?.text).toContain('“@Bob second”');
});

it('sends at most one email per 10 minutes when mentions keep coming', async () => {
  await comment('ada', '@Bob one', { mentions: ['bob'] });
  await sweep();
  world.clock.now += BATCH_WINDOW_MS;
  await sweep();
  await comment('ada', '@Bob two', { mentions: ['bob'] });
  world.clock.now += MINUTE;
  await sweep();
  world.clock.now += 5 * MINUTE;
  await sweep();
  expect(mailsTo('bob@example.com')).toHaveLength(1);
  world.clock.now += 5 * MINUTE;
  await sweep();
  const mails = mailsTo('bob@example.com');
  expect(mails).toHaveLength(2);
  expect(mails[1]?.text).toContain('“@Bob two”');
  expect(mails[1]?.text).not.toContain('“@Bob one”');
});

it('tells the thread author about a reply, and not the one who replied', async () => {
  const root = await comment('ada', 'Is this still happening?');
  const reply = await comment('bob', 'Yes, on Safari.', { replyTo: root });
  await sweep();
  world.clock.now += BATCH_WINDOW_MS;
  await sweep();
  const mails = mailsTo('ada@example.com');
  expect(mails).toHaveLength(1);
  expect(mails[0]?.subject).toBe('Bob replied to you on "Checkout journey"');
  expect(mails[0]?.text).toContain('Bob replied to your comment');
  expect(mails[0]?.text).toContain(`${ORIGIN}/b/${BOARD}?comment=${reply}`);
  expect(mailsTo('bob@example.com')).toHaveLength(0);
});

it('sends nothing of a kind the member turned off, and still the other kinds', async () => {
  await world.storage.notifications.setEnabled('ada', 'mention', false);
  const root = await comment('ada', 'Thoughts?');
  await comment('bob', '@Ada see above', { mentions: ['ada'] });
  await comment('cy', 'Agreed', { replyTo: root });
  await sweep();
  world.clock.now += BATCH_WINDOW_MS;
  await sweep();
  const mails = mailsTo('ada@example.com');
  expect(mails).toHaveLength(1);
  expect(mails[0]?.text).toContain('Cy replied to your comment');
  expect(mails[0]?.text).not.toContain('@Ada see above');
});

it('emails nobody outside the board, whatever ids a comment claims to mention', async () => {
  await world.storage.users.create({
    id: 'outsider',
    email: 'outsider@example.com',
    displayName: 'Outsider',
    colour: '#3d85c6',
    passwordHash: 'x',
  });
  await comment('ada', 'hello', { mentions: ['outsider', 'ada', 'bob'] });
  await sweep();
  world.clock.now += BATCH_WINDOW_MS;
  await sweep();
  expect(world.smtp.received.map((mail) => mail.subject)).toEqual([
    'Ada mentioned you on "Checkout journey"',
  ]);
  expect(mailsTo('bob@example.com')).toHaveLength(1);
});

it('keeps the items when the SMTP server is down and sends them once it is back', async () => {
  await comment('ada', '@Bob ping', { mentions: ['bob'] });
  await sweep();
  world.clock.now += BATCH_WINDOW_MS;
  await world.smtp.close();
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => errors.push(args);
  try {
    expect(await world.service.flush()).toBe(0);
  } finally {
    console.error = original;
  }
  expect(errors).toHaveLength(1);
  expect(await world.storage.notifications.pending()).toHaveLength(1);
});

it('reads a board’s whole log once, then only the entries appended since', async () => {
  const updates = world.storage.updates;
  const read = { full: 0, entries: 0 };
  const load = updates.load.bind(updates);
  const loadAfter = updates.loadAfter.bind(updates);
  updates.load = async (boardId) => {
    const entries = await load(boardId);
    if (boardId === BOARD)
      [read.full, read.entries] = [read.full + 1, read.entries + entries.length];
    return entries;
  };
  updates.loadAfter = async (boardId, afterSeq) => {
    const entries = await loadAfter(boardId, afterSeq);
    if (boardId === BOARD) read.entries += entries.length;
    return entries;
  };
  for (let i = 0; i < 20; i++) await world.edit((doc) => doc.getMap('meta').set('n', i));
  await comment('ada', '@Bob first', { mentions: ['bob'] });
  // The test's own edits read the log too: count the sweeps' reads only.
  Object.assign(read, { full: 0, entries: 0 });
  await sweep();
  expect(read).toEqual({ full: 1, entries: 22 });
  await comment('cy', '@Bob second', { mentions: ['bob'] });
  Object.assign(read, { full: 1, entries: 22 });
  await sweep();
  await sweep();
  // The second comment cost one entry, not a replay of the 22 before it.
  expect(read).toEqual({ full: 1, entries: 23 });
  world.clock.now += BATCH_WINDOW_MS;
  await sweep();
  expect(mailsTo('bob@example.com')).toHaveLength(1);
  expect(mailsTo('bob@example.com')[0]?.subject).toBe('2 new comments for you on Journeyboard');
});
