import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from './auth-helpers.ts';
import { ConsoleWatch, launchChromium, newContext, screenshot } from './support/browser.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

const TIMEOUT = 8_000;
const CARD = 'Nobody answers the support chat at night';
const PLACE = 'Backstage, Loyalty';

/**
 * True when every element matching `selector` lies inside the window and a click at its
 * corners and centre reaches it: nothing covers or clips it.
 */
const fullyVisible = (page: Page, selector: string): Promise<boolean> =>
  page.evaluate(`(() => {
    const items = [...document.querySelectorAll(${JSON.stringify(selector)})];
    return items.length > 0 && items.every((item) => {
      const r = item.getBoundingClientRect();
      if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) return false;
      const points = [[r.left + 12, r.top + 12], [r.right - 12, r.bottom - 12], [r.x + r.width / 2, r.y + r.height / 2]];
      return points.every(([x, y]) => item.contains(document.elementFromPoint(x, y)));
    });
  })()`);

// Two people on one board: popovers on cards behave like a product's (click-away,
// Escape from anywhere, nothing clipped), for both of them.
describe('popovers on the map', () => {
  const consoleWatch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let boardUrl: string;
  let ana: Page;
  let ben: Page;

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
  const card = (page: Page) => page.locator('[data-card-id]', { hasText: CARD });
  const comments = (page: Page) => page.getByRole('dialog', { name: 'Comments on this card' });
  const openComments = async (page: Page) => {
    await card(page).click();
    await card(page).getByRole('button', { name: 'Comment on this card' }).click();
    await comments(page).waitFor({ timeout: TIMEOUT });
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-popovers-'));
    [server, browser] = await Promise.all([startWebServer({ dataDir }), launchChromium()]);
    const owner = new HttpClient(server.url);
    const editor = new HttpClient(server.url);
    await owner.signUp('Ana Lima', `ana-${Date.now()}@example.com`);
    await editor.signUp('Ben Okafor', `ben-${Date.now()}@example.com`);
    const boardId = await owner.createBoard('Support at night', 'starter');
    boardUrl = `${server.url}/b/${boardId}`;
    await editor.join(owner, boardId, 'editor');
    [ana, ben] = await Promise.all([openAs('ana', owner), openAs('ben', editor)]);
    await ana.getByRole('button', { name: `Add card to ${PLACE}` }).click();
    const field = ana.getByRole('textbox', { name: `New card in ${PLACE}` });
    await field.fill(CARD);
    await field.press('Enter');
    await field.press('Escape');
    await card(ben).waitFor({ timeout: TIMEOUT });
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    expect(consoleWatch.unexpected()).toEqual([]);
  });

  it('closes the comment popover on a click elsewhere on the map', async () => {
    await openComments(ben);
    await ben.getByRole('gridcell', { name: 'Touchpoints, Awareness', exact: true }).click();
    await comments(ben).waitFor({ state: 'detached', timeout: TIMEOUT });
  });

  it('closes it on Escape while the focus is outside it', async () => {
    await openComments(ana);
    // The focus is on the badge that opened it, not inside the popover.
    expect(await comments(ana).evaluate('this === document.activeElement')).toBe(false);
    await ana.keyboard.press('Escape');
    await comments(ana).waitFor({ state: 'detached', timeout: TIMEOUT });
  });

  it('shows the whole popover and its mention list inside the window', async () => {
    await openComments(ben);
    await screenshot(ben, 'popover-comments');
    expect(await fullyVisible(ben, '[role="dialog"][aria-label="Comments on this card"]')).toBe(
      true,
    );
    await ben.locator('[data-comment-input]').pressSequentially('Can you check this, @');
    await ben.locator('[data-mention="Ana Lima"]').waitFor({ timeout: TIMEOUT });
    expect(await fullyVisible(ben, '[data-mention]')).toBe(true);
    await screenshot(ben, 'popover-mentions');
    // Escape closes the list first, then the popover.
    await ben.keyboard.press('Escape');
    await ben.locator('[data-mention]').first().waitFor({ state: 'detached', timeout: TIMEOUT });
    await comments(ben).waitFor({ timeout: TIMEOUT });
    await ben.keyboard.press('Escape');
    await comments(ben).waitFor({ state: 'detached', timeout: TIMEOUT });
  });

  it("shows a lane's action menu whole, even at the bottom of the map", async () => {
    await ana.getByRole('button', { name: 'Lane KPIs actions' }).click();
    const menu = ana.getByRole('menu', { name: 'Lane KPIs actions' });
    await menu.waitFor({ timeout: TIMEOUT });
    expect(await fullyVisible(ana, '[role="menu"][aria-label="Lane KPIs actions"]')).toBe(true);
    await screenshot(ana, 'popover-lane-menu');
    await ana.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached', timeout: TIMEOUT });
  });
});
