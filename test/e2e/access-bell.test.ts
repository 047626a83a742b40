import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { addCard, addComment, readBoard, readThreads } from '@journeyboard/model';
// reason: the one SMTP test server, shared with the web app's own mailer tests.
import {
  startTestSmtpServer,
  type TestSmtpServer,
} from '../../apps/web/src/lib/server/mail/test-smtp-server.ts';
import { HttpClient, memberId, openProvider, whenStored, whenSynced } from './auth-helpers.ts';
import { ConsoleWatch, launchChromium, newContext, screenshot } from './support/browser.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

const TIMEOUT = 10_000;

// Three people at once: an owner, an editor who mentions the owner, and a viewer who
// tries to edit, asks for access and gets it from the owner's bell in one click.
describe('viewer feedback, access requests and the notifications bell', () => {
  const consoleWatch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];
  const providers: WebsocketProvider[] = [];
  let dataDir: string;
  let smtp: TestSmtpServer;
  let server: WebServer;
  let browser: Browser;
  let boardId: string;
  let boardUrl: string;
  let ownerEmail: string;
  const accounts: Record<'owner' | 'editor' | 'viewer', HttpClient> = {} as never;
  let owner: Page;
  let viewer: Page;

  const openAs = async (name: keyof typeof accounts, url = boardUrl) => {
    const context = await newContext(browser);
    contexts.push(context);
    const [, value = ''] = accounts[name].cookie.split('=');
    await context.addCookies([{ name: 'jb_session', value, url: server.url }]);
    const page = consoleWatch.watch(await context.newPage(), name);
    await page.goto(url);
    return page;
  };
  const onBoard = async (page: Page) => {
    await page.locator('[data-connection="connected"]').waitFor({ timeout: TIMEOUT });
    await page.locator('[data-card-id]').first().waitFor({ timeout: TIMEOUT });
  };
  const bellCount = (page: Page) =>
    page
      .locator('[data-bell-count]')
      .getAttribute('data-bell-count', { timeout: 500 })
      .catch(() => '0');
  /** The bell polls; opening it asks at once. */
  const openBell = async (page: Page) => {
    const panel = page.locator('[data-bell-panel]');
    if (await panel.isVisible()) await page.keyboard.press('Escape');
    await page.locator('[data-bell]').click();
    await panel.waitFor({ timeout: TIMEOUT });
    return panel;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-bell-'));
    smtp = await startTestSmtpServer();
    [server, browser] = await Promise.all([
      startWebServer({
        dataDir,
        env: { SMTP_URL: smtp.url, MAIL_FROM: 'Journeyboard <boards@example.com>' },
      }),
      launchChromium(),
    ]);
    for (const [name, display] of [
      ['owner', 'Olivia Owner'],
      ['editor', 'Eddie Editor'],
      ['viewer', 'Vic Viewer'],
    ] as const) {
      accounts[name] = new HttpClient(server.url);
      const email = await accounts[name].signUp(display, `${name}-${Date.now()}@example.com`);
      if (name === 'owner') ownerEmail = email;
    }
    boardId = await accounts.owner.createBoard('Trial to paid', 'starter');
    boardUrl = `${server.url}/b/${boardId}`;
    await accounts.editor.join(accounts.owner, boardId, 'editor');
    await accounts.viewer.join(accounts.owner, boardId, 'viewer');
    const provider = openProvider(server.url, boardId, accounts.owner.cookie);
    providers.push(provider);
    await whenSynced(provider);
    const map = readBoard(provider.doc);
    addCard(
      provider.doc,
      { laneId: map.lanes[0]?.id ?? '', stageId: map.stages[0]?.id ?? '', text: 'Slow signup' },
      { userId: await memberId(accounts.owner, boardId, 'Olivia Owner') },
    );
    await whenStored(accounts.owner, boardId, (doc) => readBoard(doc).cards.length === 1);
    [owner, viewer] = await Promise.all([openAs('owner'), openAs('viewer')]);
    await Promise.all([onBoard(owner), onBoard(viewer)]);
  }, 60_000);

  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    await smtp?.close();
    rmSync(dataDir, { recursive: true, force: true });
    expect(consoleWatch.unexpected()).toEqual([]);
  });

  it('tells a viewer what their role allows when they try to edit a card', async () => {
    const card = viewer.locator('[data-card-id]').first();
    await card.dblclick();
    const notice = viewer.locator('[data-access-notice]');
    await notice.waitFor({ timeout: TIMEOUT });
    expect(await notice.getByRole('heading').textContent()).toContain(
      'Editing a card needs edit access',
    );
    expect(await notice.textContent()).toContain('vote');
    await screenshot(viewer, 'access-notice-viewer');
    // Escape closes it wherever the focus is; typing on a focused card opens it again.
    await viewer.keyboard.press('Escape');
    await notice.waitFor({ state: 'hidden', timeout: TIMEOUT });
    await card.focus();
    await viewer.keyboard.press('x');
    await notice.waitFor({ timeout: TIMEOUT });
    expect(await notice.getByRole('heading').textContent()).toContain('Typing into a card');
    // Nothing changed on the board.
    expect(await card.textContent()).toContain('Slow signup');
    expect(await card.textContent()).not.toContain('x');
  });

  it('sends the request to the owner: bell, email, and one click grants it', async () => {
    await viewer.locator('[data-request-access]').click();
    await viewer.locator('[data-access-requested]').waitFor({ timeout: TIMEOUT });
    await expect
      .poll(() => smtp.received.some((mail) => mail.subject?.includes('asks to edit')), {
        timeout: TIMEOUT,
      })
      .toBe(true);
    const mail = smtp.received.find((m) => m.subject?.includes('asks to edit'));
    expect(mail?.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe(ownerEmail);
    // Asking twice does not tell anyone twice.
    const again = await fetch(`${boardUrl}/access-request`, {
      method: 'POST',
      headers: { cookie: accounts.viewer.cookie, origin: server.url },
    });
    expect(((await again.json()) as { sent: boolean }).sent).toBe(false);

    const panel = await openBell(owner);
    await expect.poll(() => bellCount(owner), { timeout: TIMEOUT }).toBe('1');
    const entry = panel.locator('[data-bell-entry="access_request"]');
    expect(await entry.textContent()).toContain('Vic Viewer asks to edit');
    await screenshot(owner, 'bell-access-request');
    await entry.locator('[data-bell-grant]').click();
    await expect
      .poll(async () => {
        const response = await fetch(`${boardUrl}/share`, {
          headers: { cookie: accounts.owner.cookie },
        });
        const roster = (await response.json()) as {
          members: { displayName: string; role: string }[];
        };
        return roster.members.find((m) => m.displayName === 'Vic Viewer')?.role;
      })
      .toBe('editor');
    await expect.poll(() => bellCount(owner), { timeout: TIMEOUT }).toBe('0');
  });

  it('tells the viewer in their bell; opening it gives them the editing tools', async () => {
    const panel = await openBell(viewer);
    const entry = panel.locator('[data-bell-entry="access_granted"]');
    await entry.waitFor({ timeout: TIMEOUT });
    expect(await entry.textContent()).toContain('You are now an editor');
    await entry.locator('button.entry').click();
    await viewer
      .getByRole('button', { name: /^Add card to / })
      .first()
      .waitFor({ state: 'attached', timeout: TIMEOUT });
    expect(await viewer.locator('[data-access-badge]').count()).toBe(0);
    await expect.poll(() => bellCount(viewer), { timeout: TIMEOUT }).toBe('0');
  });

  it('counts a mention in the bell and opens the comment it is about', async () => {
    const editor = openProvider(server.url, boardId, accounts.editor.cookie);
    providers.push(editor);
    await whenSynced(editor);
    const cardId = readBoard(editor.doc).cards[0]?.id ?? '';
    const ownerId = await memberId(accounts.owner, boardId, 'Olivia Owner');
    addComment(
      editor.doc,
      {
        target: { kind: 'card', id: cardId },
        body: '@Olivia Owner can you look at the signup drop?',
        mentions: [ownerId],
      },
      { userId: await memberId(accounts.owner, boardId, 'Eddie Editor') },
    );
    await whenStored(accounts.owner, boardId, (doc) => readThreads(doc).length === 1);
    // The owner opens the board list in another tab: the bell is there too.
    const list = await openAs('owner', `${server.url}/`);
    await expect
      .poll(
        async () => {
          await openBell(list);
          return bellCount(list);
        },
        { timeout: TIMEOUT },
      )
      .toBe('1');
    const entry = list.locator('[data-bell-entry="mention"]');
    expect(await entry.textContent()).toContain('Eddie Editor mentioned you');
    await screenshot(list, 'bell-mention-board-list');
    await entry.locator('button.entry').click();
    await list.waitForURL(/\?comment=/, { timeout: TIMEOUT });
    const popover = list.getByRole('dialog', { name: 'Comments on this card' });
    await popover.waitFor({ timeout: TIMEOUT });
    expect(await popover.textContent()).toContain('can you look at the signup drop?');
    await expect.poll(() => bellCount(list), { timeout: TIMEOUT }).toBe('0');
  });

  it('looks right at 390, 768 and 1440 px in both themes (bell and the viewer notice)', async () => {
    const nina = new HttpClient(server.url);
    await nina.signUp('Nina Viewer', `nina-${Date.now()}@example.com`);
    await nina.join(accounts.owner, boardId, 'viewer');
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [390, 768, 1440]) {
        const context = await browser.newContext({ viewport: { width, height: 820 }, colorScheme });
        contexts.push(context);
        for (const [who, client] of [
          ['owner', accounts.owner],
          ['nina', nina],
        ] as const) {
          const [, value = ''] = client.cookie.split('=');
          await context.addCookies([{ name: 'jb_session', value, url: server.url }]);
          const page = consoleWatch.watch(
            await context.newPage(),
            `${who}-${width}-${colorScheme}`,
          );
          await page.goto(boardUrl);
          await onBoard(page);
          if (who === 'owner') {
            await openBell(page);
            await screenshot(page, `bell-${width}-${colorScheme}`);
          } else {
            // On a phone the badge is with the map tools, in the header's menu.
            if (width < 700) await page.locator('[data-app-menu]').click();
            await page.locator('[data-access-badge]').click();
            await page.locator('[data-access-notice]').waitFor({ timeout: TIMEOUT });
            await screenshot(page, `access-notice-${width}-${colorScheme}`);
          }
          await page.close();
        }
        await context.close();
      }
    }
  }, 120_000);

  it('refuses bad input to the notification endpoints', async () => {
    const post = (body: string, cookie = accounts.owner.cookie) =>
      fetch(`${server.url}/notifications/read`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, origin: server.url },
        body,
      });
    expect((await post('{"ids":[]}')).status).toBe(400);
    expect((await post('not json')).status).toBe(400);
    expect((await post(JSON.stringify({ ids: ['x'.repeat(301)] }))).status).toBe(400);
    expect((await post(JSON.stringify({ ids: Array(101).fill('a') }))).status).toBe(400);
    expect((await post('{"ids":["a"]}', '')).status).toBe(401);
    expect((await fetch(`${server.url}/notifications`)).status).toBe(401);
    // An editor has nothing to ask for.
    const editor = await fetch(`${boardUrl}/access-request`, {
      method: 'POST',
      headers: { cookie: accounts.editor.cookie, origin: server.url },
    });
    expect(editor.status).toBe(409);
  });
});
