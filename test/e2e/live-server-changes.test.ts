import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import {
  addCard,
  createInitiative,
  readBoard,
  setInitiativeStatus,
  type Actor,
} from '@journeyboard/model';
import { HttpClient, openProvider, whenSynced } from './auth-helpers.ts';
import { ConsoleWatch, launchChromium, newContext, screenshot } from './support/browser.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

const TIMEOUT = 8_000;
/** Server-made changes must reach every open screen within a second, without a poll. */
const LIVE = 1_000;
const FRICTION = ['Card form rejects spaces', 'Checkout times out on mobile'];

// Changes the server makes (a rename from the board list, ballots, the reveal) and
// changes another client makes to an initiative reach the open board at once.
describe('server-made changes on an open board', () => {
  const consoleWatch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let boardId: string;
  let writer: WebsocketProvider;
  let cardIds: string[];
  let fay: Page;
  let ann: Page;
  const accounts = {} as Record<'fay' | 'ann', HttpClient>;

  const panel = (page: Page) => page.locator('[data-votes-panel]');
  const titleField = (page: Page) => page.getByRole('textbox', { name: 'Board title' });

  async function openAs(name: 'fay' | 'ann'): Promise<Page> {
    const context = await newContext(browser);
    contexts.push(context);
    const [, value = ''] = accounts[name].cookie.split('=');
    await context.addCookies([{ name: 'jb_session', value, url: server.url }]);
    const page = consoleWatch.watch(await context.newPage(), name);
    await page.goto(`${server.url}/b/${boardId}`);
    await page.locator('[data-connection="connected"]').waitFor({ timeout: TIMEOUT });
    await page.locator('main[data-ready]').waitFor({ timeout: TIMEOUT });
    return page;
  }

  async function voteOnce(page: Page, cardId: string) {
    const card = panel(page).locator(`[data-ballot-card="${cardId}"]`);
    const before = Number(await card.locator('[data-my-votes]').textContent());
    await card.locator('[data-vote-plus]').click();
    await vi.waitFor(
      async () =>
        expect(Number(await card.locator('[data-my-votes]').textContent())).toBe(before + 1),
      { timeout: TIMEOUT },
    );
  }

  /** The phone, tablet and desktop widths, in both themes. */
  async function screenshotAtWidths(page: Page, name: string) {
    const original = page.viewportSize();
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      for (const width of [390, 768, 1440]) {
        await page.setViewportSize({ width, height: 820 });
        await screenshot(page, `${name}-${width}-${colorScheme}`);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    if (original) await page.setViewportSize(original);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-live-'));
    [server, browser] = await Promise.all([startWebServer({ dataDir }), launchChromium()]);
    accounts.fay = new HttpClient(server.url);
    accounts.ann = new HttpClient(server.url);
    await accounts.fay.signUp('Fay');
    await accounts.ann.signUp('Ann');
    boardId = await accounts.fay.createBoard('Checkout research', 'starter');
    await accounts.ann.join(accounts.fay, boardId, 'editor');
    writer = openProvider(server.url, boardId, accounts.fay.cookie);
    await whenSynced(writer);
    const board = readBoard(writer.doc);
    const lane = board.lanes.find((candidate) => candidate.kind === 'friction')?.id ?? '';
    cardIds = FRICTION.map((text, i) =>
      addCard(
        writer.doc,
        { laneId: lane, stageId: board.stages[i]?.id ?? '', text },
        { userId: 'seed' },
      ),
    );
    fay = await openAs('fay');
    ann = await openAs('ann');
    await ann.locator(`[data-card-id="${cardIds[1]}"]`).waitFor({ timeout: TIMEOUT });
  });

  afterAll(async () => {
    writer?.destroy();
    writer?.doc.destroy();
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows a rename made from the board list on the open board without a reload', async () => {
    const list = consoleWatch.watch(await fay.context().newPage(), 'fay-list');
    await list.goto(server.url);
    await list.locator('summary[aria-label="Manage Checkout research"]').click();
    await list.getByLabel('New title for Checkout research').fill('Checkout research, round 2');
    await list.getByRole('button', { name: 'Rename' }).click();
    await vi.waitFor(
      async () => expect(await titleField(ann).inputValue()).toBe('Checkout research, round 2'),
      { timeout: LIVE + 1_000, interval: 50 },
    );
    expect(await titleField(fay).inputValue()).toBe('Checkout research, round 2');
    await screenshot(ann, 'live-01-renamed-from-list');
    await list.close();
  });

  it('updates the facilitator’s voter count within a second of each ballot', async () => {
    await fay.locator('[data-votes-toggle]').click();
    await panel(fay).locator('[data-new-vote]').click();
    await panel(fay).locator('[data-vote-budget]').fill('3');
    // Open ballot: a secret one is revealed only from three voters, and this board has two.
    await panel(fay).locator('input[type="radio"][value="open"]').check();
    await panel(fay).locator('[data-vote-start]').click();
    const count = panel(fay).locator('[data-voter-count]');
    await count.waitFor({ timeout: TIMEOUT });
    expect(await count.textContent()).toBe('0 voted so far');
    await panel(ann).locator('[data-active-session]').waitFor({ timeout: TIMEOUT });

    await voteOnce(ann, cardIds[0] ?? '');
    await vi.waitFor(async () => expect(await count.textContent()).toBe('1 voted so far'), {
      timeout: LIVE,
      interval: 50,
    });
    await voteOnce(fay, cardIds[1] ?? '');
    await vi.waitFor(async () => expect(await count.textContent()).toBe('2 voted so far'), {
      timeout: LIVE,
      interval: 50,
    });
    await screenshot(fay, 'live-02-voter-count');
  });

  it('tells someone whose Votes panel is closed that the results are in', async () => {
    await ann.getByRole('button', { name: 'Close votes' }).click();
    await panel(ann).waitFor({ state: 'detached', timeout: TIMEOUT });
    await panel(fay).locator('[data-reveal]').click();
    const notice = ann.locator('[data-reveal-notice]');
    await notice.waitFor({ timeout: LIVE });
    expect(await notice.textContent()).toContain('Results are in');
    await screenshotAtWidths(ann, 'live-03-reveal-notice');
    await notice.getByRole('button', { name: 'See results' }).click();
    await panel(ann).locator('[data-results]').waitFor({ timeout: TIMEOUT });
    await notice.waitFor({ state: 'detached', timeout: TIMEOUT });
    // The facilitator had the panel open: the results are in view, no notice.
    await panel(fay).locator('[data-results]').waitFor({ timeout: TIMEOUT });
    expect(await fay.locator('[data-reveal-notice]').count()).toBe(0);
  });

  it('shows a session opening and each ballot on the phone Votes page within a second', async () => {
    const phone = consoleWatch.watch(await ann.context().newPage(), 'ann-phone');
    await phone.setViewportSize({ width: 390, height: 820 });
    await phone.goto(`${server.url}/b/${boardId}/votes`);
    const votesPage = phone.locator('[data-votes-page]');
    await votesPage.getByText('No voting session is open on this board.').waitFor({
      timeout: TIMEOUT,
    });
    await panel(fay).locator('[data-new-vote]').click();
    await panel(fay).locator('[data-vote-budget]').fill('3');
    await panel(fay).locator('input[type="radio"][value="open"]').check();
    await panel(fay).locator('[data-vote-start]').click();
    const count = votesPage.locator('[data-voter-count]');
    await count.waitFor({ timeout: LIVE });
    expect(await count.textContent()).toBe('0 voted so far');

    await voteOnce(fay, cardIds[0] ?? '');
    await vi.waitFor(async () => expect(await count.textContent()).toBe('1 voted so far'), {
      timeout: LIVE,
      interval: 50,
    });
    await screenshotAtWidths(phone, 'live-05-phone-votes');
    await phone.close();
  });

  it('shows the initiative’s state on its card: proposed, active, done, stopped', async () => {
    const actor: Actor = { userId: 'seed' };
    const cardId = cardIds[0] ?? '';
    await ann.getByRole('button', { name: 'Close votes' }).click();
    const chip = ann.locator(`[data-card-id="${cardId}"] [data-initiative-status]`);
    const initiativeId = createInitiative(
      writer.doc,
      { title: 'Accept spaces in card numbers', ownerId: 'seed', cardIds: [cardId] },
      actor,
    );
    await vi.waitFor(async () => expect(await chip.textContent()).toBe('Initiative proposed'), {
      timeout: LIVE,
      interval: 50,
    });
    for (const status of ['active', 'done'] as const) {
      setInitiativeStatus(writer.doc, initiativeId, status, actor);
      await vi.waitFor(async () => expect(await chip.textContent()).toBe(`Initiative ${status}`), {
        timeout: LIVE,
        interval: 50,
      });
    }
    setInitiativeStatus(writer.doc, initiativeId, 'stopped', actor, {
      reason: 'The card vendor fixed it',
    });
    await vi.waitFor(
      async () => {
        expect(await chip.textContent()).toBe('Initiative stopped');
        expect(await chip.getAttribute('title')).toBe(
          'Initiative “Accept spaces in card numbers” was stopped: The card vendor fixed it',
        );
      },
      { timeout: LIVE, interval: 50 },
    );
    await chip.scrollIntoViewIfNeeded();
    await screenshotAtWidths(ann, 'live-04-initiative-stopped');
  });

  it('logged no errors in any browser', () => {
    expect(consoleWatch.unexpected()).toEqual([]);
  });
});
