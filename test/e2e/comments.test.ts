import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HttpClient } from './auth-helpers.ts';
import { ConsoleWatch, launchChromium, newContext, screenshot } from './support/browser.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

const TIMEOUT = 5_000;
const CARD = 'SSO setup fails silently';
const STORY = 'Ticket 4411: SSO loop';

// Threaded comments on cards and stories, @mentions that reach the board list, and
// what each role may do: a commenter comments and nothing else, a viewer only reads.
describe('comments, mentions and the commenter role', () => {
  const consoleWatch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let boardUrl: string;
  let owner: HttpClient;
  let commenter: HttpClient;
  let viewer: HttpClient;
  let ana: Page;
  let cleo: Page;
  let vic: Page;

  const card = (page: Page) => page.locator('[data-card-id]', { hasText: CARD });
  const cardThreads = (page: Page) =>
    page.getByRole('dialog', { name: 'Comments on this card' }).locator('[data-thread-id]');

  const openAs = async (name: string, member: HttpClient) => {
    const context = await newContext(browser);
    contexts.push(context);
    const [, value = ''] = member.cookie.split('=');
    await context.addCookies([{ name: 'jb_session', value, url: server.url }]);
    const page = consoleWatch.watch(await context.newPage(), name);
    await page.goto(boardUrl);
    await page.locator('[data-connection="connected"]').waitFor({ timeout: TIMEOUT });
    await page.locator('main[data-ready]').waitFor({ timeout: TIMEOUT });
    return page;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-comments-'));
    [server, browser] = await Promise.all([startWebServer({ dataDir }), launchChromium()]);
    owner = new HttpClient(server.url);
    commenter = new HttpClient(server.url);
    viewer = new HttpClient(server.url);
    await owner.signUp('Ana Lima', `ana-${Date.now()}@example.com`);
    await commenter.signUp('Cleo');
    await viewer.signUp('Vic');
    const boardId = await owner.createBoard('Support evidence', 'starter');
    boardUrl = `${server.url}/b/${boardId}`;
    await commenter.join(owner, boardId, 'commenter');
    await viewer.join(owner, boardId, 'viewer');
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets a commenter comment on a card, @mentioning the owner, but not edit the map', async () => {
    ana = await openAs('ana', owner);
    const place = 'Friction points, Onboarding';
    await ana.getByRole('button', { name: `Add card to ${place}` }).click();
    const field = ana.getByRole('textbox', { name: `New card in ${place}` });
    await field.fill(CARD);
    await field.press('Enter');
    await field.press('Escape');

    cleo = await openAs('cleo', commenter);
    await card(cleo).waitFor({ timeout: TIMEOUT });
    // The map is read-only for a commenter: no way to add or edit cards.
    expect(await cleo.getByRole('button', { name: /^Add card to/ }).count()).toBe(0);
    const tools = cleo.getByRole('toolbar', { name: 'Map tools' });
    expect(await tools.getByText('Can comment').count()).toBe(1);
    expect(await tools.getByText('View only').count()).toBe(0);
    await card(cleo).click();
    await card(cleo).getByRole('button', { name: 'Comment on this card' }).click();
    const input = cleo
      .getByRole('dialog', { name: 'Comments on this card' })
      .locator('[data-comment-input]');
    await input.pressSequentially('Customers hit this weekly, @An');
    await cleo.locator('[data-mention="Ana Lima"]').click();
    await input.pressSequentially('can we raise it?');
    await screenshot(cleo, 'comments-01-card-composer');
    await cleo
      .getByRole('dialog', { name: 'Comments on this card' })
      .getByRole('button', { name: 'Comment', exact: true })
      .click();
    await cardThreads(cleo).waitFor({ timeout: TIMEOUT });

    // Ana sees one open thread on the card, and the thread itself.
    await card(ana).locator('[data-card-comments="1"]').waitFor({ timeout: TIMEOUT });
    await card(ana)
      .getByRole('button', { name: /1 open comment thread/ })
      .click();
    expect(await cardThreads(ana).textContent()).toContain('@Ana Lima can we raise it?');
    expect(await cardThreads(ana).textContent()).toContain('Cleo');
  });

  it('resolves a card thread for everyone, and the commenter can reopen it', async () => {
    await cardThreads(ana).locator('[data-resolve]').click();
    await vi.waitFor(
      async () => expect(await cardThreads(cleo).textContent()).toContain('Resolved by Ana Lima'),
      { timeout: TIMEOUT, interval: 100 },
    );
    await card(ana).locator('[data-card-comments="0"]').waitFor({ timeout: TIMEOUT });
    await screenshot(ana, 'comments-02-card-thread-resolved');
    await cardThreads(cleo).getByRole('button', { name: 'Reopen' }).click();
    await card(ana).locator('[data-card-comments="1"]').waitFor({ timeout: TIMEOUT });
  });

  it('lets a commenter comment on a story but not change it', async () => {
    await ana.locator('[data-stories-toggle]').click();
    await ana.locator('[data-add-story]').click();
    const title = ana.getByRole('textbox', { name: 'New story title' });
    await title.fill(STORY);
    await title.press('Enter');
    await ana.locator('[data-story-body]').fill('The login page loops back to SSO forever.');

    await cleo.locator('[data-stories-toggle]').click();
    await cleo.locator(`[data-story-item="${STORY}"]`).click();
    const body = cleo.locator('[data-story-body]');
    await vi.waitFor(async () => expect(await body.textContent()).toContain('loops back'), {
      timeout: TIMEOUT,
    });
    expect(await body.getAttribute('contenteditable')).toBe('false');
    expect(await cleo.locator('[data-formatbar]').count()).toBe(0);
    expect(await cleo.locator('[data-add-story]').count()).toBe(0);
    const story = cleo.locator(`[data-comments-for^="story:"]`);
    await story.locator('[data-comment-input]').fill('Same as ticket 4398.');
    await story.getByRole('button', { name: 'Comment', exact: true }).click();
    await ana
      .locator('[data-comments-for^="story:"] [data-thread-id]', { hasText: 'ticket 4398' })
      .waitFor({ timeout: TIMEOUT });
    await screenshot(cleo, 'comments-03-story-commenter');
  });

  it('shows a viewer the threads without any way to comment', async () => {
    vic = await openAs('vic', viewer);
    await vic.getByRole('toolbar', { name: 'Map tools' }).getByText('View only').waitFor({
      timeout: TIMEOUT,
    });
    await card(vic).click();
    expect(await card(vic).getByRole('button', { name: 'Comment on this card' }).count()).toBe(0);
    await card(vic)
      .getByRole('button', { name: /1 open comment thread/ })
      .click();
    const dialog = vic.getByRole('dialog', { name: 'Comments on this card' });
    await dialog.locator('[data-thread-id]').waitFor({ timeout: TIMEOUT });
    expect(await dialog.locator('[data-comment-input]').count()).toBe(0);
    expect(await dialog.getByRole('button', { name: 'Reply' }).count()).toBe(0);
  });

  it('lists the mention on the mentioned member’s board list', async () => {
    await ana.goto(server.url);
    const mention = ana.locator('[data-mentions] a[data-mention]').first();
    await mention.waitFor({ timeout: TIMEOUT });
    const text = await mention.innerText();
    expect(text).toContain('Cleo');
    expect(text).toContain(`card “${CARD}”`);
    expect(text).toContain('can we raise it?');
    await screenshot(ana, 'comments-04-mentions-on-board-list');
    // Cleo mentioned nobody to herself: her list explains what will show up there.
    await cleo.goto(server.url);
    await cleo.locator('[data-mentions]').getByText('Nobody has mentioned you yet').waitFor({
      timeout: TIMEOUT,
    });
    await mention.click();
    await ana.locator('main[data-ready]').waitFor({ timeout: TIMEOUT });
  });

  it('logged no console errors', () => {
    expect(consoleWatch.unexpected()).toEqual([]);
  });
});
