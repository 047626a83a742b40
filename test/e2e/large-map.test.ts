import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Board } from '@journeyboard/model';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HttpClient } from './auth-helpers.ts';
import { ConsoleWatch, launchChromium, newContext, screenshot } from './support/browser.ts';
import { seedCards } from './support/seed-cards.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

const TIMEOUT = 15_000;
const CARDS = 1_200;
const mapCards = (page: Page) => page.locator('[role="grid"] [data-card-id]');
const cardField = (page: Page) => page.getByRole('textbox', { name: /^Card text/ });

// A board too large to render whole (issue 20): the map renders the cells near the
// screen, and search, keyboard and two people typing still reach every card.
describe('a large map', () => {
  const consoleWatch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let boardId: string;
  let board: Board;
  let ana: Page;
  let bruno: Page;

  async function openAs(name: string, account: HttpClient, url: string): Promise<Page> {
    const context = await newContext(browser);
    contexts.push(context);
    const [, value = ''] = account.cookie.split('=');
    await context.addCookies([{ name: 'jb_session', value, url: server.url }]);
    const page = consoleWatch.watch(await context.newPage(), name);
    await page.goto(url);
    return page;
  }

  async function openMap(page: Page) {
    await page.goto(`${server.url}/b/${boardId}`);
    await page.locator('[data-connection="connected"]').waitFor({ timeout: TIMEOUT });
    await mapCards(page).first().waitFor({ timeout: TIMEOUT });
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-large-map-'));
    [server, browser] = await Promise.all([startWebServer({ dataDir }), launchChromium()]);
    const owner = new HttpClient(server.url);
    const brunoAccount = new HttpClient(server.url);
    await owner.signUp('Ana');
    await brunoAccount.signUp('Bruno');
    boardId = await owner.createBoard('Big journey', 'starter');
    await brunoAccount.join(owner, boardId, 'editor');
    board = await seedCards(owner, boardId, CARDS);
    ana = await openAs('ana', owner, `${server.url}/b/${boardId}`);
    bruno = await openAs('bruno', brunoAccount, `${server.url}/b/${boardId}`);
    await Promise.all([openMap(ana), openMap(bruno)]);
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('renders the cards near the screen, not all of them', async () => {
    const rendered = await mapCards(ana).count();
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(CARDS / 2);
    await screenshot(ana, 'large-map-01-windowed');
  });

  it('finds a card far off screen with the board search and focuses it', async () => {
    // A card of the last stage, in the last lane that holds cards: far right and down.
    const lastStage = board.stages.at(-1)!.id;
    const lanes = board.lanes.map((lane) => lane.id);
    const far = board.cards
      .filter((card) => card.stageId === lastStage)
      .toSorted((a, b) => lanes.indexOf(b.laneId) - lanes.indexOf(a.laneId))[0]!;
    const text = far.text;
    expect(await ana.getByText(text, { exact: true }).count()).toBe(0);
    await ana.keyboard.press('Control+f');
    const search = ana.getByRole('combobox', { name: 'Find a card on the map' });
    await expect
      .poll(() => ana.locator(':focus').getAttribute('aria-label'))
      .toBe('Find a card on the map');
    await search.fill(text.slice(0, text.indexOf(':') + 1));
    const option = ana.getByRole('option').first();
    await expect.poll(() => option.textContent(), { timeout: TIMEOUT }).toContain(text);
    await screenshot(ana, 'large-map-02-search');
    await search.press('Enter');
    const card = ana.locator('[role="grid"] [data-card-id][aria-current="true"]');
    await expect.poll(() => card.textContent(), { timeout: TIMEOUT }).toContain(text);
    await expect
      .poll(() => ana.locator(':focus').getAttribute('data-card-id'), { timeout: TIMEOUT })
      .toBe(await card.getAttribute('data-card-id'));
    const box = await card.boundingBox();
    const view = ana.viewportSize()!;
    expect(box && box.y >= 0 && box.y < view.height && box.x >= 0 && box.x < view.width).toBe(true);
  });

  it('moves by arrow keys to cells that were not rendered and opens their cards', async () => {
    await openMap(ana);
    const lastCol = board.stages.length;
    // Down a few card lanes to the last one (emotion lanes take the arrows for their score).
    const rowOf = (index: number) => index + 1;
    const end = board.lanes.findLastIndex(
      (lane) => lane.kind !== 'emotion' && lane.kind !== 'kpis',
    );
    let start = end;
    while (start > end - 3 && start > 0 && board.lanes[start - 1]!.kind !== 'emotion') start--;
    const cell = (row: number) =>
      ana.locator(`[data-cell][data-nav-row="${row}"][data-nav-col="${lastCol}"]`);
    // The target cell is far down: the map has not rendered its cards.
    expect(await cell(rowOf(end)).locator('.cards-placeholder').count()).toBe(1);
    await cell(rowOf(start)).focus();
    for (let row = start; row < end; row++) await ana.keyboard.press('ArrowDown');
    const focused = async () => {
      const el = ana.locator(':focus');
      return `${await el.getAttribute('data-nav-row')}/${await el.getAttribute('data-nav-col')}`;
    };
    await expect.poll(focused).toBe(`${rowOf(end)}/${lastCol}`);
    await ana.keyboard.press('Enter');
    const card = ana.locator(':focus');
    await expect.poll(() => card.getAttribute('data-card-id'), { timeout: TIMEOUT }).toBeTruthy();
    const box = await card.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeLessThan(ana.viewportSize()!.height);
    await screenshot(ana, 'large-map-03-keyboard');
  });

  it('shows both people typing into two cards at once on both screens', async () => {
    await Promise.all([openMap(ana), openMap(bruno)]);
    const [anaCard, brunoCard] = await Promise.all([
      mapCards(ana).nth(2).getAttribute('data-card-id'),
      mapCards(ana).nth(5).getAttribute('data-card-id'),
    ]);
    const open = async (page: Page, id: string | null) => {
      await page.locator(`[role="grid"] [data-card-id="${id}"]`).dblclick();
      await cardField(page).press('End');
    };
    await Promise.all([open(ana, anaCard), open(bruno, brunoCard)]);
    await Promise.all([
      ana.keyboard.type(' — ana was here', { delay: 30 }),
      bruno.keyboard.type(' — bruno too', { delay: 30 }),
    ]);
    const shown = (page: Page, id: string | null) =>
      page.locator(`[role="grid"] [data-card-id="${id}"] p`).textContent();
    await vi.waitFor(
      async () => {
        expect(await cardField(ana).inputValue()).toMatch(/ — ana was here$/);
        expect(await cardField(bruno).inputValue()).toMatch(/ — bruno too$/);
        expect(await shown(ana, brunoCard)).toMatch(/ — bruno too$/);
        expect(await shown(bruno, anaCard)).toMatch(/ — ana was here$/);
      },
      { timeout: TIMEOUT, interval: 100 },
    );
    await screenshot(bruno, 'large-map-04-two-typing');
    await Promise.all([ana.keyboard.press('Escape'), bruno.keyboard.press('Escape')]);
  });

  it('searches and filters the canvas card tray, listing only what is in view', async () => {
    await ana.goto(`${server.url}/b/${boardId}/canvas`);
    await ana.locator('main[data-canvas-ready="true"]').waitFor({ timeout: TIMEOUT });
    const tray = ana.getByRole('complementary', { name: 'Cards of the map' });
    const listed = tray.locator('[data-card-id]');
    await expect.poll(() => tray.getByRole('status').textContent()).toContain(`${CARDS} cards`);
    expect(await listed.count()).toBeLessThan(60);
    await tray.getByRole('searchbox', { name: 'Search map cards' }).fill('Card 11');
    // Card 11, 110–119 and 1100–1199.
    await expect.poll(() => tray.getByRole('status').textContent()).toContain('111 cards');
    const stage = tray.getByRole('combobox', { name: 'Stage' });
    const stageName = (await stage.locator('option').nth(2).textContent())!.trim();
    await stage.selectOption({ label: stageName });
    const headings = tray.getByRole('heading', { level: 3 });
    await expect
      .poll(() => headings.allTextContents())
      .toEqual([expect.stringContaining(stageName)]);
    const laneName = (await tray.locator('.lane').first().textContent())!.trim();
    await tray.getByRole('combobox', { name: 'Lane' }).selectOption({ label: laneName });
    await expect
      .poll(async () => new Set(await tray.locator('.lane').allTextContents()))
      .toEqual(new Set([laneName]));
    await screenshot(ana, 'large-map-05-tray');
    await tray.getByRole('searchbox', { name: 'Search map cards' }).fill('no such words');
    await expect.poll(() => tray.getByRole('status').textContent()).toContain('No card matches');
  });

  it('logged no errors', () => {
    expect(consoleWatch.problems.filter((problem) => !problem.expected)).toEqual([]);
  });
});
