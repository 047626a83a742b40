import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoard } from '@journeyboard/model';
import { HttpClient, openProvider, whenSynced } from './auth-helpers.ts';
import { ConsoleWatch, launchChromium, newContext, screenshot } from './support/browser.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

const TIMEOUT = 10_000;

/** The test project has no DOM types; this is what the page function uses of them. */
interface PageGlobals {
  getComputedStyle(element: unknown): { opacity: string };
  document: { activeElement: unknown };
}
const opacity = (locator: Locator) =>
  locator.evaluate((el) => (globalThis as unknown as PageGlobals).getComputedStyle(el).opacity);

// The owner creates a board from the board list as a new user would; an editor has it
// open at the same time and sees the examples arrive and go.
describe('a first board that teaches', () => {
  const consoleWatch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let boardUrl: string;
  const accounts: Record<'owner' | 'editor', HttpClient> = {} as never;
  let owner: Page;
  let editor: Page;

  const openAs = async (name: keyof typeof accounts, url: string) => {
    const context = await newContext(browser);
    contexts.push(context);
    const [, value = ''] = accounts[name].cookie.split('=');
    await context.addCookies([{ name: 'jb_session', value, url: server.url }]);
    const page = consoleWatch.watch(await context.newPage(), name);
    await page.goto(url);
    return page;
  };
  const exampleCards = (page: Page) => page.locator('[data-card-id^="ex-"]').count();

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-first-'));
    [server, browser] = await Promise.all([startWebServer({ dataDir }), launchChromium()]);
    for (const [name, display] of [
      ['owner', 'Olivia Owner'],
      ['editor', 'Eddie Editor'],
    ] as const) {
      accounts[name] = new HttpClient(server.url);
      await accounts[name].signUp(display, `${name}-${Date.now()}@example.com`);
    }
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    expect(consoleWatch.unexpected()).toEqual([]);
  });

  it('creates the Customer journey with example cards, a persona and an emotion curve', async () => {
    owner = await openAs('owner', `${server.url}/`);
    await owner.getByLabel('Title', { exact: true }).fill('Tandem onboarding');
    expect(await owner.locator('[data-examples-option]').isChecked()).toBe(true);
    await owner.getByRole('button', { name: 'Create board' }).click();
    await owner.waitForURL(/\/b\/[A-Za-z0-9_-]{16}$/, { timeout: TIMEOUT });
    boardUrl = owner.url();
    await owner.locator('[data-connection="connected"]').waitFor({ timeout: TIMEOUT });
    await owner.locator('[data-examples-notice]').waitFor({ timeout: TIMEOUT });
    expect(await exampleCards(owner)).toBeGreaterThanOrEqual(12);
    expect(await owner.locator('.personas').textContent()).toContain('Maya');
    // Emotion points carry a word, not only a number.
    expect(await owner.locator('[data-mood]').allTextContents()).toContain('-2 Frustrated');
    await screenshot(owner, 'first-board-examples-1440');

    const boardId = boardUrl.split('/').pop() ?? '';
    await accounts.editor.join(accounts.owner, boardId, 'editor');
    editor = await openAs('editor', boardUrl);
    await editor.locator('[data-card-id^="ex-"]').first().waitFor({ timeout: TIMEOUT });
    // Only an owner clears them; an editor is told who can.
    expect(await editor.locator('[data-clear-examples]').count()).toBe(0);
    expect(await editor.locator('[data-examples-notice]').textContent()).toContain(
      'An owner can clear them',
    );
  });

  it('clears every example in one click, for everyone, and keeps the team’s own card', async () => {
    // The editor writes a card of their own while the examples are there.
    const cell = editor.locator('[data-cell]').first();
    await cell.getByRole('button', { name: /^Add card to / }).click();
    await editor.keyboard.type('Our own card');
    await editor.keyboard.press('Enter');
    await editor.keyboard.press('Escape');
    await owner.getByText('Our own card').waitFor({ timeout: TIMEOUT });

    await owner.locator('[data-clear-examples]').click();
    await expect.poll(() => exampleCards(owner), { timeout: TIMEOUT }).toBe(0);
    await expect.poll(() => exampleCards(editor), { timeout: TIMEOUT }).toBe(0);
    await owner.locator('[data-examples-notice]').waitFor({ state: 'detached' });
    expect(await editor.getByText('Our own card').count()).toBe(1);
    expect(await owner.locator('[data-mood]').count()).toBe(0);
    // One undo brings them all back: it was one step.
    await owner.locator('[data-card-id]').first().click();
    await owner.keyboard.press('Control+z');
    await expect.poll(() => exampleCards(owner), { timeout: TIMEOUT }).toBeGreaterThan(10);
    await owner.locator('[data-clear-examples]').click();
    await expect.poll(() => exampleCards(editor), { timeout: TIMEOUT }).toBe(0);

    const check = openProvider(server.url, boardUrl.split('/').pop() ?? '', accounts.owner.cookie);
    await whenSynced(check);
    await expect
      .poll(() => readBoard(check.doc).cards.map((card) => card.text), { timeout: TIMEOUT })
      .toEqual(['Our own card']);
    check.destroy();
  });

  it('shows "Add card" in a cell reached by the keyboard, not only on hover', async () => {
    const cell = owner.locator('[data-cell]').nth(3);
    await cell.focus();
    const add = cell.getByRole('button', { name: /^Add card to / });
    await expect.poll(() => opacity(add)).toBe('1');
    // The grid is one tab stop (roving focus): Enter on an empty cell starts its new card.
    await owner.keyboard.press('Enter');
    await owner.getByRole('textbox', { name: /^New card in / }).waitFor({ timeout: TIMEOUT });
    await owner.keyboard.press('Escape');
    // Elsewhere, an unfocused empty cell keeps its hint hidden on a mouse screen.
    const other = owner.locator('[data-cell]').nth(9).getByRole('button', { name: /^Add/ });
    expect(await opacity(other)).toBe('0');
  });

  it('keeps the hint visible on a touch screen', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 800 },
      hasTouch: true,
      isMobile: true,
    });
    contexts.push(context);
    const [, value = ''] = accounts.owner.cookie.split('=');
    await context.addCookies([{ name: 'jb_session', value, url: server.url }]);
    const phone = consoleWatch.watch(await context.newPage(), 'phone');
    await phone.goto(boardUrl);
    const add = phone.locator('[data-cell]').nth(9).getByRole('button', { name: /^Add/ });
    await add.waitFor({ state: 'attached', timeout: TIMEOUT });
    expect(await opacity(add)).toBe('1');
    await screenshot(phone, 'first-board-touch-390');
  });
});
