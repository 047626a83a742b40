import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from './auth-helpers.ts';
import { ConsoleWatch, launchChromium, newContext, screenshot } from './support/browser.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

const TIMEOUT = 8_000;

// Three people: the owner shares from the board itself, a new editor joins through the
// link while a viewer keeps working with a panel docked beside the map.
describe('share from the board, panels beside the map', () => {
  const consoleWatch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let boardUrl: string;
  const accounts: Record<'owner' | 'joiner' | 'viewer', HttpClient> = {} as never;
  let owner: Page;
  let viewer: Page;
  let inviteLink: string;

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
    await page.locator('[data-stage-header]').first().waitFor({ timeout: TIMEOUT });
  };
  const shareDialog = (page: Page) => page.getByRole('dialog', { name: /^Share / });
  /** Fails unless a click on `selector` would reach it (nothing covers it). */
  const reachable = (page: Page, selector: string) =>
    page.locator(selector).click({ trial: true, timeout: 2_000 });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-share-'));
    [server, browser] = await Promise.all([startWebServer({ dataDir }), launchChromium()]);
    for (const [name, display] of [
      ['owner', 'Olivia Owner'],
      ['joiner', 'Jonas Joiner'],
      ['viewer', 'Vic Viewer'],
    ] as const) {
      accounts[name] = new HttpClient(server.url);
      await accounts[name].signUp(display, `${name}-${Date.now()}@example.com`);
    }
    const boardId = await accounts.owner.createBoard('Trial to paid', 'starter');
    boardUrl = `${server.url}/b/${boardId}`;
    await accounts.viewer.join(accounts.owner, boardId, 'viewer');
    [owner, viewer] = await Promise.all([openAs('owner'), openAs('viewer')]);
    await Promise.all([onBoard(owner), onBoard(viewer)]);
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    expect(consoleWatch.unexpected()).toEqual([]);
  });

  it('opens Share from the board header with editor as the default role', async () => {
    await owner.getByRole('button', { name: 'Share', exact: true }).click();
    const dialog = shareDialog(owner);
    await dialog.waitFor({ timeout: TIMEOUT });
    expect(await dialog.getByLabel('Role', { exact: true }).inputValue()).toBe('editor');
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const link = dialog.getByLabel(/^Link for anyone, as editor/);
    await link.waitFor({ timeout: TIMEOUT });
    inviteLink = await link.inputValue();
    expect(inviteLink).toMatch(/\/invite\/[a-z0-9]{32}$/);
    await dialog.getByRole('list', { name: 'Live invite links' }).waitFor({ timeout: TIMEOUT });
    await screenshot(owner, 'share-dialog-link');
  });

  it('lets a new person join through the link and edit', async () => {
    const joiner = await openAs('joiner', inviteLink);
    await joiner.getByRole('button', { name: 'Accept and open the board' }).click();
    await joiner.waitForURL(boardUrl, { timeout: TIMEOUT });
    await onBoard(joiner);
    await joiner
      .getByRole('button', { name: /^Add card to / })
      .first()
      .waitFor({ state: 'attached', timeout: TIMEOUT });
  });

  it("shows the new member in the owner's Share dialog, and changes their role there", async () => {
    // Escape closes the dialog; opening it again loads the people afresh.
    await owner.keyboard.press('Escape');
    await shareDialog(owner).waitFor({ state: 'hidden', timeout: TIMEOUT });
    await owner.getByRole('button', { name: 'Share', exact: true }).click();
    const role = shareDialog(owner).getByLabel('Role of Jonas Joiner');
    await role.waitFor({ timeout: TIMEOUT });
    expect(await role.inputValue()).toBe('editor');
    await role.selectOption('commenter');
    await expect
      .poll(async () => {
        const response = await fetch(`${boardUrl}/share`, {
          headers: { cookie: accounts.owner.cookie },
        });
        const roster = (await response.json()) as {
          members: { displayName: string; role: string }[];
        };
        return roster.members.find((member) => member.displayName === 'Jonas Joiner')?.role;
      })
      .toBe('commenter');
  });

  it('invites by email address and shows the link when mail is not configured', async () => {
    const dialog = shareDialog(owner);
    await dialog.getByLabel('Invite by email (optional)').fill('nora@example.com');
    await dialog.getByLabel('Role', { exact: true }).selectOption('viewer');
    await dialog.getByRole('button', { name: 'Invite', exact: true }).click();
    await dialog.getByLabel('Link for nora@example.com (works once, for 7 days)').waitFor({
      timeout: TIMEOUT,
    });
    await dialog.locator('[data-mail-not-configured]').waitFor({ timeout: TIMEOUT });
    await dialog.getByText('used 0 of 1').waitFor({ timeout: TIMEOUT });
    await screenshot(owner, 'share-dialog-email');
    await dialog
      .getByRole('listitem')
      .filter({ hasText: 'used 0 of 1' })
      .getByRole('button', {
        name: 'Revoke',
      })
      .click();
    await dialog.getByText('used 0 of 1').waitFor({ state: 'detached', timeout: TIMEOUT });
    // A click on the backdrop closes the dialog too.
    await owner.mouse.click(5, 400);
    await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT });
  });

  it('docks a panel beside the map while the header stays clickable', async () => {
    await viewer.locator('[data-stories-toggle]').click();
    const panel = viewer.locator('[data-stories-panel]');
    await panel.waitFor({ timeout: TIMEOUT });
    const panelBox = await panel.boundingBox();
    const mapBox = await viewer.locator('main#main').boundingBox();
    expect(panelBox && mapBox).toBeTruthy();
    // The map shrinks beside the panel instead of lying under it.
    expect(mapBox!.x + mapBox!.width).toBeLessThanOrEqual(panelBox!.x + 1);
    for (const selector of ['[data-decisions-toggle]', '[data-share-open]', '.account']) {
      await reachable(viewer, selector);
    }
    await screenshot(viewer, 'dock-stories-1360');
    // One click switches panels.
    await viewer.locator('[data-decisions-toggle]').click();
    await viewer.locator('[data-decisions-panel]').waitFor({ timeout: TIMEOUT });
    expect(await panel.count()).toBe(0);
  });

  it('resizes the dock from the keyboard and remembers the width', async () => {
    const panel = viewer.locator('[data-decisions-panel]');
    const before = (await panel.boundingBox())!.width;
    await viewer.locator('[data-panel-resizer]').focus();
    await viewer.keyboard.press('ArrowLeft');
    await viewer.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await panel.boundingBox())!.width).toBe(before + 48);
    await viewer.reload();
    await onBoard(viewer);
    await viewer.locator('[data-decisions-toggle]').click();
    await expect
      .poll(async () => (await viewer.locator('.side-panel').boundingBox())?.width)
      .toBe(before + 48);
  });

  it('takes screenshots of the header, Share and the dock at three widths in both themes', async () => {
    for (const theme of ['light', 'dark'] as const) {
      await owner.emulateMedia({ colorScheme: theme });
      for (const width of [390, 768, 1440]) {
        await owner.setViewportSize({ width, height: width === 390 ? 844 : 900 });
        // On a phone the board's actions are in the header's Menu.
        const openMenu = () => (width < 700 ? owner.locator('[data-app-menu]').click() : null);
        await openMenu();
        await owner.locator('[data-stories-toggle]').click();
        await owner.locator('[data-stories-panel]').waitFor({ timeout: TIMEOUT });
        await screenshot(owner, `dock-${theme}-${width}`);
        await owner.getByRole('button', { name: 'Close stories' }).click();
        await openMenu();
        await owner.getByRole('button', { name: 'Share', exact: true }).click();
        await shareDialog(owner).getByLabel('Role of Jonas Joiner').waitFor({ timeout: TIMEOUT });
        await screenshot(owner, `share-${theme}-${width}`);
        await owner.keyboard.press('Escape');
        await shareDialog(owner).waitFor({ state: 'hidden', timeout: TIMEOUT });
      }
    }
  });
});
