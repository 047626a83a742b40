import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import {
  addAnnotation,
  addCard,
  addComment,
  addStory,
  readBoard,
  readVoteEntries,
} from '@journeyboard/model';
// reason: the one SMTP test server, shared with the web app's own mailer tests.
import {
  startTestSmtpServer,
  type TestSmtpServer,
} from '../../apps/web/src/lib/server/mail/test-smtp-server.ts';
import { HttpClient, openProvider, whenSynced } from './auth-helpers.ts';
import { ConsoleWatch, gotoHydrated, launchChromium, screenshot } from './support/browser.ts';
import { withStoredBoards } from './support/stored.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

let dataDir: string;
let smtp: TestSmtpServer;
let server: WebServer;
let browser: Browser;
const providers: WebsocketProvider[] = [];
const watch = new ConsoleWatch();

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-notify-'));
  smtp = await startTestSmtpServer();
  server = await startWebServer({
    dataDir,
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'Journeyboard <boards@example.com>' },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const provider of providers) {
    provider.destroy();
    provider.doc.destroy();
  }
  await browser?.close();
  await server?.stop();
  await smtp?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function mailsTo(to: string, subject: string) {
  return smtp.received.filter(
    (mail) => mail.to && !Array.isArray(mail.to) && mail.to.text === to && mail.subject === subject,
  );
}

async function post(client: HttpClient, url: string, body: unknown) {
  const response = await fetch(server.url + url, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      cookie: client.cookie,
      origin: server.url,
    },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

/** Runs an open vote on a board of four cards, Ada votes, the owner closes it. */
async function runVote(owner: HttpClient, ada: HttpClient, boardId: string): Promise<void> {
  const started = await post(owner, `/b/${boardId}/votes`, {
    title: 'Top friction',
    budget: 3,
    maxPerCard: 2,
    mode: 'live',
    privacy: 'open',
    durationMinutes: 10,
  });
  const sessionId = (started.session as { id: string }).id;
  const provider = openProvider(server.url, boardId, owner.cookie);
  providers.push(provider);
  await whenSynced(provider);
  await vi.waitFor(() => expect(readVoteEntries(provider.doc)).not.toHaveLength(0));
  const cardId = readVoteEntries(provider.doc).find((entry) => entry.id === sessionId)?.cardIds[0];
  await post(ada, `/b/${boardId}/votes/${sessionId}`, { action: 'vote', cardId, delta: 1 });
  await post(owner, `/b/${boardId}/votes/${sessionId}`, { action: 'close' });
}

const RESULTS = 'Results of the vote "Top friction"';

it('a results email arrives; its unsubscribe link works without signing in and stops only that kind', async () => {
  const owner = new HttpClient(server.url);
  const ownerEmail = await owner.signUp('Owner');
  const boardId = await owner.createBoard('Checkout', 'starter');
  const ada = new HttpClient(server.url);
  const adaEmail = await ada.signUp('Ada');
  await ada.join(owner, boardId, 'editor');
  const provider = openProvider(server.url, boardId, owner.cookie);
  providers.push(provider);
  await whenSynced(provider);
  const map = readBoard(provider.doc);
  const lane = map.lanes.find((l) => l.kind === 'friction')?.id ?? '';
  for (const stage of map.stages.slice(0, 2)) {
    addCard(
      provider.doc,
      { laneId: lane, stageId: stage.id, text: `Slow ${stage.name}` },
      {
        userId: 'owner',
      },
    );
  }
  await vi.waitFor(async () => {
    const fresh = openProvider(server.url, boardId, owner.cookie);
    providers.push(fresh);
    await whenSynced(fresh);
    expect(readBoard(fresh.doc).cards.length).toBeGreaterThanOrEqual(2);
  });

  await runVote(owner, ada, boardId);
  // The reveal request sends nothing itself: the notification sweep it asks for does.
  await vi.waitFor(() => expect(mailsTo(adaEmail, RESULTS)).toHaveLength(1), {
    timeout: 15_000,
  });
  // One sweep sends them one after the other.
  await vi.waitFor(() => expect(mailsTo(ownerEmail, RESULTS)).toHaveLength(1), {
    timeout: 15_000,
  });
  const text = mailsTo(adaEmail, RESULTS)[0]?.text ?? '';
  expect(text).toContain('1 member voted');
  const boardLink = /See the results on the board: (\S+)/.exec(text)?.[1] ?? '';
  expect(new URL(boardLink).pathname).toBe(`/b/${boardId}`);
  const link = /Stop emails about the results of votes on your boards: (\S+)/.exec(text)?.[1] ?? '';
  expect(new URL(link).pathname).toMatch(/^\/unsubscribe\//);

  // Opened in a browser that is not signed in, at every width and in both themes.
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const width of [390, 768, 1440]) {
      const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme });
      const page = watch.watch(await context.newPage(), `unsubscribe-${width}-${colorScheme}`);
      await gotoHydrated(page, link);
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('You are unsubscribed');
      await expect
        .poll(() => page.locator('[data-unsubscribe-state="off"]').textContent())
        .toContain(adaEmail);
      await screenshot(page, `unsubscribe-${width}-${colorScheme}`);
      await context.close();
    }
  }

  // The account page shows that kind off and every other on; the keyboard changes them.
  const context = await browser.newContext({ viewport: { width: 768, height: 1000 } });
  await context.addCookies([
    { name: 'jb_session', value: ada.cookie.split('=')[1] ?? '', url: server.url },
  ]);
  const page = watch.watch(await context.newPage(), 'account');
  await gotoHydrated(page, `${server.url}/account`);
  const results = page.getByLabel('The results of votes on your boards');
  const mentions = page.getByLabel('Mentions of you in comments');
  await expect.poll(() => results.isChecked()).toBe(false);
  await expect.poll(() => mentions.isChecked()).toBe(true);
  await page.locator('[data-notification-settings]').scrollIntoViewIfNeeded();
  await screenshot(page, 'account-notifications-768');
  await mentions.focus();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Save email settings' }).click();
  await expect
    .poll(() => page.getByRole('status').filter({ hasText: 'Email settings saved.' }).count())
    .toBe(1);
  await page.reload();
  await expect.poll(() => mentions.isChecked()).toBe(false);
  await expect.poll(() => results.isChecked()).toBe(false);
  await context.close();

  // A second vote: the owner gets its results, Ada (unsubscribed from results) does not.
  await runVote(owner, ada, boardId);
  await vi.waitFor(() => expect(mailsTo(ownerEmail, RESULTS)).toHaveLength(2), {
    timeout: 15_000,
  });
  expect(mailsTo(adaEmail, RESULTS)).toHaveLength(1);
  expect(watch.problems.filter((p) => !p.expected)).toEqual([]);
});

it('an altered unsubscribe link is refused with a clear page', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
  const page = await context.newPage();
  const response = await page.goto(`${server.url}/unsubscribe/Ym9i.vote_results.forged`);
  expect(response?.status()).toBe(200);
  await expect.poll(() => page.getByRole('alert').textContent()).toContain('not valid');
  await context.close();
});

it('the link of a mention email opens the board at that card, its comments showing', async () => {
  const owner = new HttpClient(server.url);
  const ownerEmail = await owner.signUp('Owner');
  const ownerId = await withStoredBoards(
    dataDir,
    async (storage) => (await storage.users.getByEmail(ownerEmail))?.id ?? '',
  );
  const boardId = await owner.createBoard('Deep links', 'starter');
  const provider = openProvider(server.url, boardId, owner.cookie);
  providers.push(provider);
  await whenSynced(provider);
  const map = readBoard(provider.doc);
  const lane = map.lanes.find((l) => l.kind === 'friction')?.id ?? '';
  const actor = { userId: ownerId };
  const cardId = addCard(
    provider.doc,
    { laneId: lane, stageId: map.stages.at(-1)?.id ?? '', text: 'Linked card' },
    actor,
  );
  const root = addComment(
    provider.doc,
    { target: { kind: 'card', id: cardId }, body: 'Who owns this step?' },
    actor,
  );
  const reply = addComment(provider.doc, { replyTo: root, body: 'The billing team.' }, actor);
  await vi.waitFor(async () => {
    const fresh = openProvider(server.url, boardId, owner.cookie);
    providers.push(fresh);
    await whenSynced(fresh);
    expect(readBoard(fresh.doc).cards.some((card) => card.id === cardId)).toBe(true);
  });

  const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
  await context.addCookies([
    { name: 'jb_session', value: owner.cookie.split('=')[1] ?? '', url: server.url },
  ]);
  const page = watch.watch(await context.newPage(), 'deep-link');
  // The format the notification service writes (notification-service.ts, commentUrl).
  await gotoHydrated(page, `${server.url}/b/${boardId}?comment=${reply}`);
  const dialog = page.getByRole('dialog', { name: 'Comments on this card' });
  await dialog.waitFor({ timeout: 15_000 });
  await expect.poll(() => dialog.textContent()).toContain('The billing team.');
  await screenshot(page, 'comment-deep-link-390');
  await context.close();
});

it('links to a story’s and a highlight’s comments open that story with the comment in view', async () => {
  const owner = new HttpClient(server.url);
  const ownerEmail = await owner.signUp('Stella');
  const ownerId = await withStoredBoards(
    dataDir,
    async (storage) => (await storage.users.getByEmail(ownerEmail))?.id ?? '',
  );
  const boardId = await owner.createBoard('Story links', 'starter');
  const provider = openProvider(server.url, boardId, owner.cookie);
  providers.push(provider);
  await whenSynced(provider);
  const actor = { userId: ownerId };
  const storyId = addStory(
    provider.doc,
    { title: 'Interview with Jo', source: 'interview', customer: 'Jo', body: 'Paying took ages.' },
    actor,
  );
  const highlightId = addAnnotation(
    provider.doc,
    { storyId, start: 0, end: 10, tag: 'pain', cardIds: [] },
    actor,
  );
  const onStory = addComment(
    provider.doc,
    { target: { kind: 'story', id: storyId }, body: 'Is Jo on the pilot list?' },
    actor,
  );
  const root = addComment(
    provider.doc,
    { target: { kind: 'annotation', id: highlightId }, body: 'Same as ticket 4411.' },
    actor,
  );
  const onHighlight = addComment(provider.doc, { replyTo: root, body: 'Linked it.' }, actor);
  await vi.waitFor(async () => {
    const fresh = openProvider(server.url, boardId, owner.cookie);
    providers.push(fresh);
    await whenSynced(fresh);
    expect(fresh.doc.getMap('comments').size).toBe(3);
  });

  for (const [name, commentId, text] of [
    ['story', onStory, 'Is Jo on the pilot list?'],
    ['highlight', onHighlight, 'Linked it.'],
  ] as const) {
    for (const [width, colorScheme] of [
      [390, 'light'],
      [390, 'dark'],
      [1440, 'light'],
    ] as const) {
      const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme });
      await context.addCookies([
        { name: 'jb_session', value: owner.cookie.split('=')[1] ?? '', url: server.url },
      ]);
      const page = watch.watch(await context.newPage(), `${name}-link-${width}`);
      await gotoHydrated(page, `${server.url}/b/${boardId}?comment=${commentId}`);
      const comment = page.locator(`[data-story-id="${storyId}"] [data-comment-id="${commentId}"]`);
      await comment.waitFor({ timeout: 15_000 });
      await expect.poll(() => comment.textContent()).toContain(text);
      await expect.poll(() => comment.isVisible()).toBe(true);
      await screenshot(page, `${name}-comment-deep-link-${width}-${colorScheme}`);
      await context.close();
    }
  }
  expect(watch.problems.filter((p) => !p.expected)).toEqual([]);
});
