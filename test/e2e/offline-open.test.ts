import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HttpClient } from './auth-helpers.ts';
import {
  ConsoleWatch,
  launchChromium,
  newContext,
  screenshot,
  SERVER_DOWN_ERRORS,
} from './support/browser.ts';
import { repoRoot, startWebServer, type WebServer } from './support/web-server.ts';
import { addCard, waitForReconnect } from './support/map-page.ts';

/** The Cache Storage of the page's origin, as far as these checks read it (no DOM lib). */
declare const caches: {
  keys(): Promise<string[]>;
  open(name: string): Promise<{ keys(): Promise<{ url: string }[]> }>;
};
declare const navigator: { serviceWorker: { controller: object | null } };
/** The page's IndexedDB, as far as these checks read it. */
declare const indexedDB: { databases(): Promise<{ name?: string }[]> };

// A board page opened while the server is down: the service worker serves the page kept
// from the last visit, the map comes from the browser's IndexedDB copy, and edits made
// meanwhile reach the server once it is back. The steps share one board and one browser.
describe('opening a board while the server is down', () => {
  const consoleWatch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let owner: HttpClient;
  let boardUrl: string;
  let alice: Page;

  const TIMEOUT = 10_000;
  const card = (page: Page, text: string) => page.locator('[data-card-id]', { hasText: text });
  const connection = (page: Page, state: string) =>
    page.locator(`[data-connection="${state}"]`).waitFor({ timeout: TIMEOUT });
  const offlineOrReconnecting = (page: Page) =>
    page
      .locator('[data-connection="offline"], [data-connection="reconnecting"]')
      .waitFor({ timeout: TIMEOUT });

  async function openContext(name: string): Promise<Page> {
    const context = await newContext(browser);
    contexts.push(context);
    const [, value = ''] = owner.cookie.split('=');
    await context.addCookies([{ name: 'jb_session', value, url: server.url }]);
    return consoleWatch.watch(await context.newPage(), name);
  }

  /** The URLs the service worker keeps in its caches named `<prefix>-<version>`. */
  function cached(page: Page, prefix: 'pages' | 'assets'): Promise<string[]> {
    return page.evaluate(async (prefix) => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        if (!name.startsWith(`${prefix}-`)) continue;
        for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
      }
      return urls;
    }, prefix);
  }
  const keptPages = (page: Page) => cached(page, 'pages');

  /** The board copies y-indexeddb keeps in this browser. */
  const localCopies = (page: Page) =>
    page.evaluate(async () =>
      (await indexedDB.databases())
        .map((database) => database.name ?? '')
        .filter((name) => name.startsWith('journeyboard:board:')),
    );

  /** The build's largest chunk (tldraw's), which is left to be cached on first use. */
  function largestChunk(): string {
    const dir = path.join(repoRoot, 'apps/web/build/client/_app/immutable/chunks');
    const [largest] = readdirSync(dir)
      .filter((name) => name.endsWith('.js'))
      .map((name) => ({ name, size: statSync(path.join(dir, name)).size }))
      .sort((a, b) => b.size - a.size);
    if (!largest) throw new Error('the build has no chunks');
    return `/_app/immutable/chunks/${largest.name}`;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-offline-'));
    [server, browser] = await Promise.all([startWebServer({ dataDir }), launchChromium()]);
    owner = new HttpClient(server.url);
    await owner.signUp('Alice');
    const boardId = await owner.createBoard('Offline trial', 'starter');
    boardUrl = `${server.url}/b/${boardId}`;
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the board page once the service worker controls it', async () => {
    alice = await openContext('alice');
    await alice.goto(boardUrl);
    await connection(alice, 'connected');
    await addCard(alice, 'Customer actions, Awareness', 'Reads a review on G2');
    await alice.locator('[data-save="saved"]').waitFor({ timeout: TIMEOUT });

    // The first visit installs the worker; it takes the open tab over and keeps its page.
    await alice.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: TIMEOUT,
    });
    await vi.waitFor(async () => expect(await keptPages(alice)).toEqual([boardUrl]), {
      timeout: TIMEOUT,
      interval: 100,
    });
    const assets = await cached(alice, 'assets');
    expect(assets.some((url) => url.includes('/_app/immutable/entry/start.'))).toBe(true);
    expect(assets).not.toContain(`${server.url}${largestChunk()}`);
    await screenshot(alice, 'offline-01-online-controlled');
  });

  it('opens the map from the local copy after a reload with the server down', async () => {
    consoleWatch.allow = SERVER_DOWN_ERRORS;
    expect(await server.stop()).toBe(0);
    await alice.reload();
    await alice.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: TIMEOUT });
    await alice.locator('main[data-ready]').waitFor({ timeout: TIMEOUT });
    await card(alice, 'Reads a review on G2').waitFor({ timeout: TIMEOUT });
    await offlineOrReconnecting(alice);
    // Reading the stored copy back is not a change of one's own: nothing is pending.
    await alice.locator('[data-save="saved"]').waitFor({ timeout: TIMEOUT });
    expect(await alice.getByRole('textbox', { name: 'Board title' }).inputValue()).toBe(
      'Offline trial',
    );
    await screenshot(alice, 'offline-02-opened-offline');
  });

  it('takes two edits while offline and counts them as two pending changes', async () => {
    await addCard(alice, 'Friction points, Onboarding', 'Verification email lands in spam');
    await card(alice, 'Verification email lands in spam').waitFor({ timeout: TIMEOUT });
    // A burst of typing in one card is one change, however many keys it took.
    await card(alice, 'Reads a review on G2').dblclick();
    const field = alice.getByRole('textbox', { name: /^Card text/ });
    await field.press('End');
    await field.pressSequentially(' and one on Capterra', { delay: 10 });
    await field.press('Escape');
    await alice.locator('[data-save="pending"]').waitFor({ timeout: TIMEOUT });
    await alice.getByText('2 local changes pending').waitFor({ timeout: TIMEOUT });
    await connection(alice, 'offline');
    await screenshot(alice, 'offline-03-edit-pending');
  });

  it('still counts them after a reload while offline: nothing reached the server', async () => {
    await alice.reload();
    await alice.locator('main[data-ready]').waitFor({ timeout: TIMEOUT });
    await card(alice, 'Reads a review on G2 and one on Capterra').waitFor({ timeout: TIMEOUT });
    await alice.getByText('2 local changes pending').waitFor({ timeout: TIMEOUT });
    await alice.locator('[data-save="pending"]').waitFor({ timeout: TIMEOUT });
    await screenshot(alice, 'offline-03b-pending-after-reload');
  });

  it('sends the offline edit once the server is back on the same data', async () => {
    server = await startWebServer({ dataDir, port: server.port });
    await waitForReconnect(alice, TIMEOUT);
    await alice.getByText('All changes saved').waitFor({ timeout: TIMEOUT });
    consoleWatch.allow = null;

    // A second browser has neither the kept page nor an IndexedDB copy: this is SQLite.
    const second = await openContext('alice-second-device');
    await second.goto(boardUrl);
    await connection(second, 'connected');
    await card(second, 'Reads a review on G2').waitFor({ timeout: TIMEOUT });
    await card(second, 'Verification email lands in spam').waitFor({ timeout: TIMEOUT });
    await card(second, 'Reads a review on G2 and one on Capterra').waitFor({ timeout: TIMEOUT });
    await screenshot(second, 'offline-04-merged-second-browser');
  });

  it('forgets the kept pages and the board copies on sign-out, so nothing opens offline', async () => {
    expect(await localCopies(alice)).toEqual([`journeyboard:board:${boardUrl.split('/').pop()}`]);
    await alice.getByRole('button', { name: 'Sign out' }).click();
    await alice.waitForURL(/\/signin$/, { timeout: TIMEOUT });
    await alice.locator('[data-local-copies="cleared"]').waitFor({ timeout: TIMEOUT });
    expect(await localCopies(alice)).toEqual([]);
    expect(await keptPages(alice)).toEqual([]);
    await screenshot(alice, 'offline-05-signed-out-copies-removed');

    // The fallback page is a 503, which the browser logs too.
    consoleWatch.allow = new RegExp(`${SERVER_DOWN_ERRORS.source}|status of 503`);
    expect(await server.stop()).toBe(0);
    await alice.goto(boardUrl);
    await alice.getByRole('heading', { name: 'You are offline' }).waitFor({ timeout: TIMEOUT });
    await screenshot(alice, 'offline-06-signed-out-fallback');
    server = await startWebServer({ dataDir, port: server.port });
    consoleWatch.allow = null;
  });

  it('logged no console errors beyond the expected connection failures', () => {
    expect(consoleWatch.unexpected()).toEqual([]);
  });
});
