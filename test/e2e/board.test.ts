import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ConsoleWatch,
  launchChromium,
  newContext,
  screenshot,
  SERVER_DOWN_ERRORS,
} from './support/browser.ts';
import { signUpInBrowser } from './support/auth-page.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';
import { addCard, waitForReconnect } from './support/map-page.ts';

// One journey through the production build: the steps build on each other (the board
// created first is edited, the server restarted, the edits checked), so they share state.
describe('a board in the browser, through the one-process server, into SQLite', () => {
  const consoleWatch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let alice: Page;
  let bob: Page;
  let boardUrl: string;

  const TIMEOUT = 5_000;
  const connection = (page: Page, state: string) =>
    page.locator(`[data-connection="${state}"]`).waitFor({ timeout: TIMEOUT });
  const titleInput = (page: Page) => page.getByRole('textbox', { name: 'Board title' });
  const openPage = async (name: string, colorScheme: 'light' | 'dark' = 'light') => {
    const context = await newContext(browser, colorScheme);
    contexts.push(context);
    // Every browser after the first is Alice on another device: her session cookie only.
    const first = contexts[0];
    if (first && first !== context) await context.addCookies(await first.cookies());
    return consoleWatch.watch(await context.newPage(), name);
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-e2e-'));
    server = await startWebServer({ dataDir });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the empty state after signing up', async () => {
    alice = await openPage('alice');
    await alice.goto(server.url);
    await alice.waitForURL(/\/signin$/, { timeout: TIMEOUT });
    await alice.getByRole('link', { name: 'Create an account' }).click();
    await signUpInBrowser(alice, { name: 'Alice', email: 'alice@example.com' });
    await alice.getByRole('heading', { name: 'No boards yet' }).waitFor({ timeout: TIMEOUT });
    await screenshot(alice, '01-empty-list');
  });

  it('refuses a blank title with a message next to the field', async () => {
    consoleWatch.allow = /status of 400/;
    await alice.getByLabel('Title').fill('   ');
    await alice.getByRole('button', { name: 'Create board' }).click();
    await alice.getByText('Give the board a title.').waitFor({ timeout: TIMEOUT });
    expect(await alice.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');
    consoleWatch.allow = null;
  });

  it('creates a board from the form and opens it connected', async () => {
    await alice.getByLabel('Title').fill('Self-serve onboarding');
    await alice.getByRole('radio', { name: /^Customer journey/ }).check();
    // This test starts from the template alone, without the example journey.
    await alice.locator('[data-examples-option]').uncheck();
    await alice.getByRole('button', { name: 'Create board' }).click();
    await alice.waitForURL(/\/b\/[A-Za-z0-9_-]{16}$/, { timeout: TIMEOUT });
    boardUrl = alice.url();
    await connection(alice, 'connected');
    expect(await titleInput(alice).inputValue()).toBe('Self-serve onboarding');
    await alice.getByRole('columnheader', { name: 'Awareness' }).waitFor({ timeout: TIMEOUT });
    await alice.getByText('All changes saved').waitFor({ timeout: TIMEOUT });
    await screenshot(alice, '02-board-connected');
  });

  it("shows a card added in one browser in the other's within seconds", async () => {
    bob = await openPage('bob');
    await bob.goto(boardUrl);
    await connection(bob, 'connected');

    await addCard(alice, 'Customer actions, Awareness', 'Reads a review on G2');
    await bob.getByText('Reads a review on G2').waitFor({ timeout: 3_000 });
    await alice.locator('[data-save="saved"]').waitFor({ timeout: TIMEOUT });
    await screenshot(bob, '03-second-browser-sees-card');
  });

  it("shows a title edited in one browser in the other's within seconds", async () => {
    await titleInput(bob).fill('Self-serve onboarding v2');
    await titleInput(bob).press('Enter');
    await vi.waitFor(
      async () => expect(await titleInput(alice).inputValue()).toBe('Self-serve onboarding v2'),
      { timeout: 3_000, interval: 50 },
    );
  });

  it('shows reconnecting or offline while the server is down, with pending changes', async () => {
    consoleWatch.allow = SERVER_DOWN_ERRORS;
    expect(await server.stop()).toBe(0);
    await alice
      .locator('[data-connection="reconnecting"], [data-connection="offline"]')
      .waitFor({ timeout: TIMEOUT });
    await addCard(alice, 'Friction points, Onboarding', 'Verification email lands in spam');
    await alice.getByText('1 local change pending').waitFor({ timeout: TIMEOUT });
    await connection(alice, 'offline');
    await screenshot(alice, '04-offline-pending');
  });

  it('syncs the offline edit once the server is back on the same data', async () => {
    server = await startWebServer({ dataDir, port: server.port });
    await waitForReconnect(alice, TIMEOUT);
    await alice.getByText('All changes saved').waitFor({ timeout: TIMEOUT });
    await waitForReconnect(bob, TIMEOUT);
    await bob.getByText('Verification email lands in spam').waitFor({ timeout: TIMEOUT });
    consoleWatch.allow = null;
  });

  it('keeps every edit across the restart, for a browser with no local copy too', async () => {
    await alice.reload();
    await connection(alice, 'connected');
    await alice.getByText('Reads a review on G2').waitFor({ timeout: TIMEOUT });

    // A fresh context has no IndexedDB copy: what it shows came from SQLite.
    const carol = await openPage('carol', 'dark');
    await carol.goto(boardUrl);
    await connection(carol, 'connected');
    await carol.getByText('Reads a review on G2').waitFor({ timeout: TIMEOUT });
    await carol.getByText('Verification email lands in spam').waitFor({ timeout: TIMEOUT });
    expect(await titleInput(carol).inputValue()).toBe('Self-serve onboarding v2');
    await screenshot(carol, '05-after-restart-fresh-browser');
  });

  it('lists the board under its new title', async () => {
    await alice.goto(server.url);
    await alice
      .getByRole('link', { name: /Self-serve onboarding v2/ })
      .waitFor({ timeout: TIMEOUT });
    await screenshot(alice, '06-board-list');
  });

  it('answers an unknown board with a 404 page', async () => {
    consoleWatch.allow = /status of 404/;
    const response = await alice.goto(`${server.url}/b/doesnotexist0000`);
    expect(response?.status()).toBe(404);
    await alice.getByRole('heading', { name: 'Not found' }).waitFor({ timeout: TIMEOUT });
    await screenshot(alice, '07-not-found');
    consoleWatch.allow = null;
  });

  it('logged no console errors beyond the expected connection failures', () => {
    expect(consoleWatch.unexpected()).toEqual([]);
  });
});
