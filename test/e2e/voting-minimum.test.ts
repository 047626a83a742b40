import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { addCard, readBoard, readVoteEntries } from '@journeyboard/model';
import { HttpClient, openProvider, whenSynced } from './auth-helpers.ts';
import { ConsoleWatch, launchChromium, screenshot } from './support/browser.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

const TIMEOUT = 8_000;
const WIDTHS = [390, 768, 1440] as const;

/*
 * Issue 15, item 6: a secret vote with one voter. The facilitator's panel says why the
 * totals cannot be shown, offers only to close it, and the closed session says it was
 * closed without results.
 */
describe('a secret vote below the minimum of voters', () => {
  const consoleWatch = new ConsoleWatch();
  const providers: WebsocketProvider[] = [];
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let owner: HttpClient;
  let boardId: string;
  let cardId: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-voting-minimum-'));
    server = await startWebServer({ dataDir });
    browser = await launchChromium();
    owner = new HttpClient(server.url);
    await owner.signUp('Fay');
    boardId = await owner.createBoard('Onboarding', 'starter');
    const provider = openProvider(server.url, boardId, owner.cookie);
    providers.push(provider);
    await whenSynced(provider);
    const board = readBoard(provider.doc);
    const cardCount = board.cards.length;
    const lane = board.lanes.find((l) => l.kind === 'friction')?.id ?? '';
    cardId = addCard(
      provider.doc,
      { laneId: lane, stageId: board.stages[0]?.id ?? '', text: 'Sign-up asks for a card' },
      { userId: 'fay' },
    );
    await vi.waitFor(() => expect(readBoard(provider.doc).cards).toHaveLength(1 + cardCount));
  });

  afterAll(async () => {
    for (const provider of providers) {
      provider.destroy();
      provider.doc.destroy();
    }
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function open(width: number, colorScheme: 'light' | 'dark'): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width, height: width < 500 ? 844 : 820 },
      colorScheme,
    });
    const [name, value] = owner.cookie.split('=');
    await context.addCookies([{ name: name ?? '', value: value ?? '', url: server.url }]);
    const page = consoleWatch.watch(await context.newPage(), `fay-${width}-${colorScheme}`);
    await page.goto(`${server.url}/b/${boardId}`);
    await page.locator('[data-connection="connected"]').waitFor({ timeout: TIMEOUT });
    const panel = page.locator('[data-votes-panel]');
    if (!(await panel.isVisible())) {
      // On a phone the panel buttons are in the header's menu.
      if (width < 700) await page.locator('[data-app-menu]').click();
      await page.locator('[data-votes-toggle]').click();
    }
    return page;
  }

  it("lets the facilitator choose the minimum in the Votes panel's form", async () => {
    for (const width of WIDTHS) {
      for (const scheme of ['light', 'dark'] as const) {
        const page = await open(width, scheme);
        await page.locator('[data-votes-panel] [data-new-vote]').click();
        const minimum = page.locator('[data-vote-min-voters]');
        expect(await minimum.inputValue()).toBe('3');
        await minimum.fill('6');
        await screenshot(page, `voting-minimum-form-${width}-${scheme}`);
        // Open voting names the voters anyway: no minimum to choose.
        await page.locator('[data-vote-form] input[value="open"]').check();
        expect(await minimum.count()).toBe(0);
        await page.context().close();
      }
    }
  });

  it('offers only to close, says why, and shows the session closed without results', async () => {
    const base = `${server.url}/b/${boardId}/votes`;
    const post = (url: string, body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          cookie: owner.cookie,
          origin: server.url,
        },
        body: JSON.stringify(body),
      });
    const started = (await (
      await post(base, {
        title: 'What hurts most?',
        budget: 3,
        maxPerCard: 2,
        mode: 'live',
        durationMinutes: 10,
        minVoters: 4,
      })
    ).json()) as { session: { id: string } };
    const { id } = started.session;
    expect((await post(`${base}/${id}`, { action: 'vote', cardId, delta: 1 })).status).toBe(200);

    let page: Page | null = null;
    for (const width of WIDTHS) {
      for (const scheme of ['light', 'dark'] as const) {
        page = await open(width, scheme);
        const reveal = page.locator('[data-votes-panel] [data-reveal]');
        // The ballot tells voters (the facilitator voted too) when results are published.
        await vi.waitFor(
          async () =>
            expect(await page?.locator('[data-votes-panel]').textContent()).toContain(
              'only once 4 people have voted',
            ),
          { timeout: TIMEOUT },
        );
        await vi.waitFor(
          async () => expect(await reveal.textContent()).toContain('Close without results'),
          { timeout: TIMEOUT },
        );
        expect(await page.locator('[data-votes-panel] .reveal').textContent()).toMatch(
          /Only 1 voted so far\. This secret vote shows its totals from 4 voters on/,
        );
        await screenshot(page, `voting-minimum-open-${width}-${scheme}`);
        if (width !== 1440 || scheme !== 'dark') await page.context().close();
      }
    }
    if (!page) throw new Error('no page');
    await page.locator('[data-votes-panel] [data-reveal]').click();
    await page
      .locator('[data-votes-panel] [data-closed-without-results]')
      .waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'voting-minimum-closed-1440-dark');
    await page.context().close();
    const watcher = openProvider(server.url, boardId, owner.cookie);
    providers.push(watcher);
    await whenSynced(watcher);
    expect(readVoteEntries(watcher.doc)[0]).toMatchObject({ status: 'revealed', results: null });
    expect(consoleWatch.unexpected()).toEqual([]);
  });
});
