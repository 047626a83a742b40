import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addCard, parseBoardJson, readBoard, setCardText } from '@journeyboard/model';
import { HttpClient, openProvider, whenSynced } from './auth-helpers.ts';
import {
  ConsoleWatch,
  gotoHydrated,
  launchChromium,
  newContext,
  screenshot,
} from './support/browser.ts';
import { repoRoot } from './support/web-server.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

const TIMEOUT = 10_000;
const exportsDir = path.join(repoRoot, 'test-results/exports');

/** Runs `edit` on the board from a separate client (as another tab would) and waits until stored. */
async function editAsClient(
  member: HttpClient,
  boardId: string,
  edit: (doc: import('yjs').Doc) => void,
): Promise<void> {
  const provider = openProvider(member.base, boardId, member.cookie);
  try {
    await whenSynced(provider);
    edit(provider.doc);
    // The provider has sent it once its own state vector is acknowledged by a fresh reader.
    const check = openProvider(member.base, boardId, member.cookie);
    try {
      const expected = JSON.stringify(readBoard(provider.doc).cards.map((c) => [c.id, c.text]));
      await vi.waitFor(
        async () => {
          await whenSynced(check);
          expect(JSON.stringify(readBoard(check.doc).cards.map((c) => [c.id, c.text]))).toBe(
            expected,
          );
        },
        { timeout: TIMEOUT },
      );
    } finally {
      check.destroy();
    }
  } finally {
    provider.destroy();
  }
}

describe('version history, activity, exports and import in the browser', () => {
  const consoleWatch = new ConsoleWatch();
  const failedRequests: string[] = [];
  let allowImportRefusal = false;
  const contexts: BrowserContext[] = [];
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let owner: HttpClient;
  let brunoAccount: HttpClient;
  let boardId: string;
  let cardId: string;
  let ana: Page;
  let bruno: Page;

  const card = (page: Page, id: string) => page.locator(`[data-card-id="${id}"]`);
  const panel = (page: Page) => page.locator('[data-history-panel]');

  const openAs = async (name: string, member: HttpClient) => {
    const context = await newContext(browser);
    contexts.push(context);
    const [, value = ''] = member.cookie.split('=');
    await context.addCookies([{ name: 'jb_session', value, url: server.url }]);
    const page = consoleWatch.watch(await context.newPage(), name);
    page.on('response', (response) => {
      if (response.status() < 400) return;
      const refusedOnPurpose = allowImportRefusal && response.url().endsWith('/?/import');
      if (!refusedOnPurpose) failedRequests.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${server.url}/b/${boardId}`);
    await page.locator('[data-connection="connected"]').waitFor({ timeout: TIMEOUT });
    await card(page, cardId).waitFor({ timeout: TIMEOUT });
    return page;
  };

  beforeAll(async () => {
    mkdirSync(exportsDir, { recursive: true });
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-history-'));
    [server, browser] = await Promise.all([startWebServer({ dataDir }), launchChromium()]);
    owner = new HttpClient(server.url);
    brunoAccount = new HttpClient(server.url);
    await owner.signUp('Ana Lima', `ana-${Date.now()}@example.com`);
    boardId = await owner.createBoard('Checkout journey', 'starter');
    await brunoAccount.signUp('Bruno Costa', `bruno-${Date.now()}@example.com`);
    await brunoAccount.join(owner, boardId, 'editor');
    await editAsClient(owner, boardId, (doc) => {
      const board = readBoard(doc);
      const friction = board.lanes.find((lane) => lane.kind === 'friction')!;
      cardId = addCard(
        doc,
        { laneId: friction.id, stageId: board.stages[1]!.id, text: 'Card form rejects spaces' },
        { userId: 'seed' },
      );
    });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('saves a named version from the history panel', async () => {
    ana = await openAs('ana', owner);
    bruno = await openAs('bruno', brunoAccount);
    await ana.locator('[data-history-toggle]').click();
    // The seed edit was the board's first change of the day: the server kept the state
    // before it as an automatic version.
    await panel(ana).locator('[data-version^="Daily snapshot"]').waitFor({ timeout: TIMEOUT });
    expect(await panel(ana).locator('[data-version^="Daily snapshot"]').textContent()).toContain(
      'Automatic',
    );
    await screenshot(ana, 'history-01-panel-with-daily-snapshot');
    await ana.locator('[data-version-name]').fill('Before the workshop');
    await ana.locator('[data-save-version] button[type="submit"]').click();
    await panel(ana).locator('[data-version="Before the workshop"]').waitFor({ timeout: TIMEOUT });
    expect(
      await panel(ana).locator('[data-version="Before the workshop"]').textContent(),
    ).toContain('Ana Lima');
    await screenshot(ana, 'history-02-version-saved');
  });

  it('previews a version read-only and restores it live for everyone, then undoes it', async () => {
    // After the version: Bruno's tab rewrites the card and adds another.
    let later = '';
    await editAsClient(brunoAccount, boardId, (doc) => {
      const board = readBoard(doc);
      setCardText(doc, cardId, 'Spaces fixed, now dashes fail', { userId: 'bruno' });
      later = addCard(
        doc,
        {
          laneId: board.lanes[0]!.id,
          stageId: board.stages[0]!.id,
          text: 'Added after the version',
        },
        { userId: 'bruno' },
      );
    });
    await card(ana, later).waitFor({ timeout: TIMEOUT });

    await panel(ana).locator('[data-version="Before the workshop"] [data-preview]').click();
    const preview = ana.locator('[data-version-preview]');
    await preview.waitFor({ timeout: TIMEOUT });
    await vi.waitFor(
      async () =>
        expect(
          await preview
            .locator('img')
            .evaluate((img: { naturalWidth: number }) => img.naturalWidth),
        ).toBeGreaterThan(500),
      { timeout: TIMEOUT },
    );
    // The live board is untouched while previewing.
    expect(await card(ana, cardId).textContent()).toContain('dashes fail');
    await screenshot(ana, 'history-03-preview');

    await preview.locator('[data-restore-preview]').click();
    await panel(ana).locator('[data-restored]').waitFor({ timeout: TIMEOUT });
    for (const page of [ana, bruno]) {
      await vi.waitFor(
        async () => {
          expect(await card(page, cardId).textContent()).toContain('Card form rejects spaces');
          expect(await card(page, later).count()).toBe(0);
        },
        { timeout: TIMEOUT, interval: 100 },
      );
    }
    // Nothing after the version is lost: the state before the restore is a version too.
    await panel(ana)
      .locator('[data-version="Before restoring “Before the workshop”"]')
      .waitFor({ timeout: TIMEOUT });
    await screenshot(ana, 'history-04-restored');
    await screenshot(bruno, 'history-05-restore-seen-by-bruno');

    await panel(ana).locator('[data-undo-restore]').click();
    for (const page of [ana, bruno]) {
      await vi.waitFor(
        async () => {
          expect(await card(page, cardId).textContent()).toContain('dashes fail');
          expect(await card(page, later).count()).toBe(1);
        },
        { timeout: TIMEOUT, interval: 100 },
      );
    }
  });

  it('shows who added, moved and deleted what in the activity feed', async () => {
    await panel(ana).locator('[data-history-tab="activity"]').click();
    const feed = panel(ana).locator('[data-activity]');
    await feed.waitFor({ timeout: TIMEOUT });
    const text = (await feed.textContent()) ?? '';
    expect(text).toContain('Bruno Costa added a card “Added after the version”');
    // The restore is one line in words, not the deletions and edits it was made of.
    expect(text).toContain('Ana Lima restored version “Before the workshop”');
    expect(text).not.toContain('Ana Lima deleted a card “Added after the version”');
    // Undo restore brought Bruno's card back: that is Ana undoing, not Ana adding his card.
    expect(text).toContain('Ana Lima undid the restore of “Before the workshop”');
    expect(text).not.toContain('Ana Lima added a card “Added after the version”');
    await screenshot(ana, 'history-06-activity');

    const lines = async () =>
      (await feed.locator('li').allTextContents()).map((line) => line.replace(/\s+/g, ' ').trim());
    await panel(ana).locator('[data-activity-person]').selectOption('Bruno Costa');
    await vi.waitFor(async () => {
      const shown = await lines();
      expect(shown.length).toBeGreaterThan(0);
      for (const line of shown) expect(line).toMatch(/^Bruno Costa /);
    });
    await screenshot(ana, 'history-06b-activity-by-bruno');
    await panel(ana).locator('[data-activity-person]').selectOption('');
    await panel(ana).locator('[data-activity-kind]').selectOption('restored');
    await vi.waitFor(async () =>
      expect(await lines()).toEqual([
        expect.stringMatching(/^Ana Lima undid the restore of “Before the workshop”/),
        expect.stringMatching(/^Ana Lima restored version “Before the workshop”/),
      ]),
    );
    // Bruno never restored anything: the feed says so instead of showing an empty list.
    await panel(ana).locator('[data-activity-person]').selectOption('Bruno Costa');
    await panel(ana).locator('[data-activity-none]').waitFor({ timeout: TIMEOUT });
    await screenshot(ana, 'history-06c-activity-filtered-empty');
    await panel(ana).locator('[data-activity-person]').selectOption('');
    await panel(ana).locator('[data-activity-kind]').selectOption('');
    for (const colorScheme of ['light', 'dark'] as const) {
      await ana.emulateMedia({ colorScheme });
      for (const width of [390, 768, 1440]) {
        await ana.setViewportSize({ width, height: 820 });
        await feed.waitFor({ timeout: TIMEOUT });
        await screenshot(ana, `history-06d-activity-${width}-${colorScheme}`);
      }
    }
    await ana.emulateMedia({ colorScheme: 'light' });
    await ana.setViewportSize({ width: 1360, height: 820 });
  });

  it('downloads every export, each a valid file', async () => {
    await ana.locator('[data-history-panel] button[aria-label="Close history"]').click();
    await ana.locator('[data-export-toggle]').click();
    await screenshot(ana, 'history-07-export-menu');
    const files = new Map<string, Buffer>();
    for (const format of ['png', 'svg', 'pdf', 'md', 'friction-csv', 'initiatives-csv', 'json']) {
      if (!(await ana.locator('[role="menu"]').isVisible())) {
        await ana.locator('[data-export-toggle]').click();
      }
      const [download] = await Promise.all([
        ana.waitForEvent('download', { timeout: TIMEOUT }),
        ana.locator(`[data-export="${format}"]`).click(),
      ]);
      const target = path.join(exportsDir, download.suggestedFilename());
      await download.saveAs(target);
      files.set(format, readFileSync(target));
    }
    expect([...files.get('png')!.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(files.get('pdf')!.subarray(0, 5).toString()).toBe('%PDF-');
    expect(files.get('svg')!.toString()).toMatch(
      /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/,
    );
    expect(files.get('md')!.toString()).toContain('# Checkout journey');
    expect(files.get('friction-csv')!.toString()).toContain('Spaces fixed, now dashes fail');
    expect(files.get('initiatives-csv')!.toString()).toMatch(
      /^\uFEFFinitiative,status,stop reason/,
    );
    const parsed = parseBoardJson(files.get('json')!.toString());
    expect(parsed.ok).toBe(true);
  });

  it('saves the board as a template and offers it on the new-board form', async () => {
    await ana.locator('[data-export-toggle]').click();
    await ana.locator('[data-save-template]').click();
    await ana.locator('[data-template-name]').fill('Checkout workshop');
    await ana.locator('[data-template-name]').press('Enter');
    await ana.getByText('Saved “Checkout workshop”.').waitFor({ timeout: TIMEOUT });
    await gotoHydrated(ana, server.url);
    await ana.locator('#board-title').fill('From my template');
    await ana.locator('[data-saved-template="Checkout workshop"]').click();
    await screenshot(ana, 'history-09-saved-template-offered');
    await ana.locator('form.new-board button[type="submit"]').click();
    await ana.waitForURL((url) => /\/b\/[A-Za-z0-9_-]{16}$/.test(url.pathname), {
      timeout: TIMEOUT,
    });
    await card(ana, cardId).waitFor({ timeout: TIMEOUT });
    await vi.waitFor(async () => expect(await ana.title()).toContain('From my template'), {
      timeout: TIMEOUT,
    });
    expect(ana.url()).not.toContain(boardId);
  });

  it('imports the JSON export into a new board from the board list', async () => {
    await gotoHydrated(ana, server.url);
    const form = ana.locator('[data-import-board]');
    await form
      .locator('input[type="file"]')
      .setInputFiles(path.join(exportsDir, 'checkout-journey.journeyboard.json'));
    await form.locator('button[type="submit"]').click();
    await ana.waitForURL(
      (url) => /\/b\/[A-Za-z0-9_-]{16}$/.test(url.pathname) && !url.pathname.endsWith(boardId),
      {
        timeout: TIMEOUT,
      },
    );
    await card(ana, cardId).waitFor({ timeout: TIMEOUT });
    expect(await card(ana, cardId).textContent()).toContain('dashes fail');

    // A file that is not a board is refused with the field that is wrong.
    await gotoHydrated(ana, server.url);
    allowImportRefusal = true;
    consoleWatch.allow = /status of 400/;
    await form.locator('input[type="file"]').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        '{"format":"journeyboard","version":1,"schema":1,"exportedAt":"","board":{"maps":{"cards":{"c1":{"$map":{"text":5}}}}}}',
      ),
    });
    await form.locator('button[type="submit"]').click();
    await form.locator('[role="alert"]').waitFor({ timeout: TIMEOUT });
    expect(await form.locator('[role="alert"]').textContent()).toContain('board.maps.cards.c1');
    await screenshot(ana, 'history-08-import-refused');
    allowImportRefusal = false;
    consoleWatch.allow = null;
  });

  it('reports no console errors', () => {
    expect(failedRequests).toEqual([]);
    expect(consoleWatch.unexpected()).toEqual([]);
  });
});
