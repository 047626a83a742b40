import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HttpClient } from './auth-helpers.ts';
import { ConsoleWatch, launchChromium, newContext, screenshot } from './support/browser.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';
import { addCard } from './support/map-page.ts';

// The parts of the map editor a keyboard user and a lane-by-lane tour touch: moving
// cards and stages with keys, channel icons, backstage departments, the mission, zoom.
describe('the journey map editor by keyboard and lane by lane', () => {
  const consoleWatch = new ConsoleWatch();
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let otherContext: BrowserContext;
  let other: Page;
  let blankBoardId: string;

  const TIMEOUT = 5_000;
  const card = (on: Page, text: string) => on.locator('[data-card-id]', { hasText: text });
  const cell = (on: Page, lane: string, stage: string) =>
    on.getByRole('gridcell', { name: `${lane}, ${stage}`, exact: true });

  async function openAs(name: string, account: HttpClient, boardId: string) {
    const created = await newContext(browser);
    const [, value = ''] = account.cookie.split('=');
    await created.addCookies([{ name: 'jb_session', value, url: server.url }]);
    const opened = consoleWatch.watch(await created.newPage(), name);
    await opened.goto(`${server.url}/b/${boardId}`);
    await opened.locator('[data-connection="connected"]').waitFor({ timeout: TIMEOUT });
    await opened.locator('main[data-ready]').waitFor({ timeout: TIMEOUT });
    return [created, opened] as const;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-map-tour-'));
    [server, browser] = await Promise.all([startWebServer({ dataDir }), launchChromium()]);
    const owner = new HttpClient(server.url);
    const member = new HttpClient(server.url);
    await owner.signUp('Kim');
    await member.signUp('Lee');
    const boardId = await owner.createBoard('Keyboard tour', 'starter');
    blankBoardId = await owner.createBoard('Blank board');
    await member.join(owner, boardId, 'editor');
    [context, page] = await openAs('kim', owner, boardId);
    [otherContext, other] = await openAs('lee', member, boardId);
  });

  afterAll(async () => {
    await context?.close();
    await otherContext?.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('moves a card to the next stage and the next lane with Alt+arrows', async () => {
    await addCard(page, 'Customer actions, Awareness', 'Signs up for a trial');
    await card(page, 'Signs up for a trial').click();
    await page.keyboard.press('Alt+ArrowRight');
    await cell(other, 'Customer actions', 'Onboarding')
      .locator('[data-card-id]', { hasText: 'Signs up for a trial' })
      .waitFor({ timeout: TIMEOUT });
    // The moved card keeps the focus, so the next key press moves it again.
    await page.keyboard.press('Alt+ArrowDown');
    await cell(other, 'Touchpoints', 'Onboarding')
      .locator('[data-card-id]', { hasText: 'Signs up for a trial' })
      .waitFor({ timeout: TIMEOUT });
    expect(
      await card(page, 'Signs up for a trial').evaluate((el: { matches(s: string): boolean }) =>
        el.matches(':focus'),
      ),
    ).toBe(true);
  });

  it('reorders stages with Alt+arrows on a stage header', async () => {
    const header = page.getByRole('columnheader', { name: /Awareness/ });
    await header.focus();
    await page.keyboard.press('Alt+ArrowRight');
    await vi.waitFor(
      async () => {
        const headers = await other.getByRole('columnheader').allInnerTexts();
        const names = headers.map((text) => text.replace(/\s+/g, ' ').trim());
        const onboarding = names.findIndex((name) => name.includes('Onboarding'));
        const awareness = names.findIndex((name) => name.includes('Awareness'));
        expect(onboarding).toBeGreaterThan(-1);
        expect(awareness).toBe(onboarding + 1);
      },
      { timeout: TIMEOUT, interval: 100 },
    );
    await header.focus();
    await page.keyboard.press('Alt+ArrowLeft');
  });

  it('reorders stages by dragging a stage header, for the other person too', async () => {
    const stageOrder = async (viewer: typeof page) =>
      (await viewer.getByRole('columnheader').allInnerTexts())
        .map((text) => text.replace(/\s+/g, ' ').trim())
        .filter((name) => /Awareness|Onboarding|Activation/.test(name))
        .map((name) => /Awareness|Onboarding|Activation/.exec(name)![0]);
    const header = (name: string) => page.getByRole('columnheader', { name: new RegExp(name) });
    const dropOn = async (source: string, target: string, side: 'before' | 'after') => {
      const box = (await header(target).boundingBox())!;
      await header(source).dragTo(header(target), {
        targetPosition: { x: side === 'after' ? box.width * 0.8 : box.width * 0.2, y: 10 },
      });
    };
    await dropOn('Awareness', 'Activation', 'after');
    await vi.waitFor(
      async () =>
        expect(await stageOrder(other)).toEqual(['Onboarding', 'Activation', 'Awareness']),
      { timeout: TIMEOUT, interval: 100 },
    );
    await dropOn('Awareness', 'Onboarding', 'before');
    await vi.waitFor(
      async () =>
        expect(await stageOrder(other)).toEqual(['Awareness', 'Onboarding', 'Activation']),
      { timeout: TIMEOUT, interval: 100 },
    );
  });

  it('shows a touchpoint’s channel as an icon, for the other person too', async () => {
    const touchpoint = card(page, 'Signs up for a trial');
    await touchpoint.click();
    await touchpoint.getByLabel('Channel').selectOption('email');
    await card(other, 'Signs up for a trial')
      .getByRole('img', { name: 'Email' })
      .waitFor({ timeout: TIMEOUT });
  });

  it('records which department acts on a backstage card', async () => {
    await addCard(page, 'Backstage, Onboarding', 'Provision the workspace');
    const backstage = card(page, 'Provision the workspace');
    await backstage.click();
    const department = backstage.getByPlaceholder('Department');
    await department.fill('Customer success');
    await department.press('Enter');
    await card(other, 'Provision the workspace')
      .getByText('Customer success')
      .waitFor({ timeout: TIMEOUT });
    await screenshot(other, 'map-10-channel-and-department');
  });

  it('edits the mission statement live', async () => {
    const mission = page.getByRole('textbox', { name: 'Mission statement' });
    await mission.click();
    await mission.pressSequentially('Get a new team to its first shared map within a day.');
    await mission.press('Escape');
    await vi.waitFor(
      async () =>
        expect(await other.getByRole('textbox', { name: 'Mission statement' }).inputValue()).toBe(
          'Get a new team to its first shared map within a day.',
        ),
      { timeout: TIMEOUT, interval: 100 },
    );
  });

  it('zooms in and out from the toolbar', async () => {
    await page.getByRole('button', { name: 'Zoom in' }).click();
    const level = page.getByRole('button', { name: 'Reset zoom to 100%' });
    await vi.waitFor(async () => expect(await level.innerText()).not.toBe('100%'), {
      timeout: TIMEOUT,
    });
    await screenshot(page, 'map-11-zoomed-in');
    await level.click();
    await vi.waitFor(async () => expect(await level.innerText()).toBe('100%'), {
      timeout: TIMEOUT,
    });
  });

  it('explains what to do on an empty board', async () => {
    await page.goto(`${server.url}/b/${blankBoardId}`);
    await page.locator('main[data-ready]').waitFor({ timeout: TIMEOUT });
    await page
      .getByRole('button', { name: /add.*stage/i })
      .first()
      .waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'map-12-empty-board');
  });

  it('logged no console errors', () => {
    expect(consoleWatch.unexpected()).toEqual([]);
  });
});
