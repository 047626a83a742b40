import { afterEach, beforeEach, expect, it } from 'vitest';
import { VotingService, type StartSessionInput } from '../voting/voting-service.ts';
import { REMINDER_BEFORE_MS } from './notification-service.ts';
import { sweepNotifications } from './sweep.ts';
import { applyUnsubscribe } from './unsubscribe.ts';
import { BOARD, ORIGIN, startNotifyWorld, type NotifyWorld } from './test-world.ts';

let world: NotifyWorld;
let voting: VotingService;
const MINUTE = 60_000;

beforeEach(async () => {
  world = await startNotifyWorld();
  for (const id of ['ada', 'bob', 'cy']) await world.addMember(id);
  const { storage } = world;
  voting = new VotingService(
    {
      storage,
      boardDocs: world.sync.docs,
      now: () => world.clock.now,
    },
    // As in the app: the reveal request sends nothing itself; the notification sweep does.
    {},
  );
});

afterEach(async () => {
  voting.stop();
  await world.close();
});

function start(patch: Partial<StartSessionInput> = {}) {
  return voting.start({
    boardId: BOARD,
    createdBy: 'ada',
    title: 'Worst friction',
    budget: 3,
    maxPerCard: 3,
    mode: 'async',
    privacy: 'open',
    endsAt: world.clock.now + 3 * 60 * MINUTE,
    laneIds: null,
    stageIds: null,
    ...patch,
  });
}

const recipients = () =>
  world.smtp.received.map((mail) => (mail.to && 'text' in mail.to ? mail.to.text : ''));

async function remind(): Promise<void> {
  await world.service.remindVoters();
  await world.service.flush();
}

it('reminds the members who have not voted, once, when the vote closes within the hour', async () => {
  const session = await start();
  await voting.cast({
    boardId: BOARD,
    sessionId: session.id,
    userId: 'ada',
    cardId: world.cardId,
    delta: 1,
  });
  await remind();
  expect(world.smtp.received).toHaveLength(0);
  world.clock.now += 3 * 60 * MINUTE - REMINDER_BEFORE_MS;
  await remind();
  await remind();
  expect(recipients().sort()).toEqual(['bob@example.com', 'cy@example.com']);
  const [mail] = world.smtp.received;
  expect(mail?.subject).toBe('The vote "Worst friction" closes in 1 hour');
  expect(mail?.text).toContain(`Vote now: ${ORIGIN}/b/${BOARD}?vote=${session.id}`);
});

it('emails every member the results when the session is revealed', async () => {
  const session = await start();
  for (const userId of ['ada', 'bob']) {
    await voting.cast({
      boardId: BOARD,
      sessionId: session.id,
      userId,
      cardId: world.cardId,
      delta: 1,
    });
  }
  await voting.reveal(BOARD, session.id);
  expect(world.smtp.received).toHaveLength(0);
  await sweepNotifications(world.service);
  await sweepNotifications(world.service);
  expect(recipients().sort()).toEqual(['ada@example.com', 'bob@example.com', 'cy@example.com']);
  const [mail] = world.smtp.received;
  expect(mail?.subject).toBe('Results of the vote "Worst friction"');
  expect(mail?.text).toContain('2 members voted');
  expect(mail?.text).toContain('1. “Card form rejects spaces” (2 votes)');
});

it('tells a secret vote closed below the minimum without any totals', async () => {
  const session = await start({ privacy: 'secret' });
  await voting.cast({
    boardId: BOARD,
    sessionId: session.id,
    userId: 'bob',
    cardId: world.cardId,
    delta: 1,
  });
  await voting.close(BOARD, session.id);
  await sweepNotifications(world.service);
  expect(world.smtp.received).toHaveLength(3);
  expect(world.smtp.received[0]?.text).toContain('Too few members voted');
  expect(world.smtp.received[0]?.text).not.toContain('Card form rejects spaces');
});

it('an unsubscribe link turns off that kind only, without signing in', async () => {
  const first = await start();
  await voting.reveal(BOARD, first.id);
  await sweepNotifications(world.service);
  const mail = world.smtp.received.find(
    (m) => m.to && 'text' in m.to && m.to.text === 'bob@example.com',
  );
  const link =
    /Stop emails about the results of votes on your boards: (\S+)/.exec(mail?.text ?? '')?.[1] ??
    '';
  expect(link.startsWith(`${ORIGIN}/unsubscribe/`)).toBe(true);
  // Mail clients' own unsubscribe button opens the same link.
  // Long headers arrive folded over several lines.
  const headerLines = (mail?.headerLines ?? []).map((header) =>
    header.line.replace(/\r?\n\s+/g, ' '),
  );
  expect(headerLines).toContain(`List-Unsubscribe: <${link}>`);
  const outcome = await applyUnsubscribe(
    world.storage,
    link.slice(`${ORIGIN}/unsubscribe/`.length),
  );
  expect(outcome).toEqual({ ok: true, kind: 'vote_results', email: 'bob@example.com' });
  world.smtp.received.length = 0;

  const second = await start({ endsAt: world.clock.now + 30 * MINUTE });
  await remind();
  await voting.reveal(BOARD, second.id);
  await sweepNotifications(world.service);
  const subjects = (to: string) =>
    world.smtp.received
      .filter((m) => m.to && 'text' in m.to && m.to.text === to)
      .map((m) => m.subject);
  expect(subjects('bob@example.com')).toEqual(['The vote "Worst friction" closes in 30 minutes']);
  expect(subjects('cy@example.com')).toEqual([
    'The vote "Worst friction" closes in 30 minutes',
    'Results of the vote "Worst friction"',
  ]);
});

it('refuses a forged or altered unsubscribe link and changes nothing', async () => {
  const first = await start();
  await voting.reveal(BOARD, first.id);
  const link =
    /Stop emails about the results of votes on your boards: (\S+)/.exec(
      world.smtp.received[0]?.text ?? '',
    )?.[1] ?? '';
  const token = link.split('/').pop() ?? '';
  const [user, , mac] = token.split('.');
  for (const forged of [
    `${user}.mention.${mac}`,
    `${Buffer.from('bob').toString('base64url')}.vote_results.${mac}`,
    'x',
    '',
  ]) {
    const outcome = await applyUnsubscribe(world.storage, forged);
    expect(outcome.ok).toBe(false);
  }
  for (const id of ['ada', 'bob', 'cy']) {
    expect(await world.storage.notifications.disabledKinds(id)).toEqual([]);
  }
});
