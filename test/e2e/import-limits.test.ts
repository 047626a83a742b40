import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, addStage, applyTemplate, exportBoardJson, readBoard } from '@journeyboard/model';
import type { Browser } from 'playwright-core';
import { HttpClient } from './auth-helpers.ts';
import {
  ConsoleWatch,
  gotoHydrated,
  launchChromium,
  newContext,
  screenshot,
} from './support/browser.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

const actor = { userId: 'exporter' };

/** A 2,600-card board file as the app's JSON export writes it (about 600 KB). */
function largeBoardFile(): string {
  const doc = new Y.Doc();
  applyTemplate(doc, 'starter', actor, { title: 'Big import' });
  for (let i = 0; i < 10; i++) addStage(doc, { name: `Step ${i + 1}` }, actor);
  const { lanes, stages } = readBoard(doc);
  const cells = lanes
    .filter((lane) => lane.kind !== 'emotion')
    .flatMap((lane) => stages.map((stage) => ({ laneId: lane.id, stageId: stage.id })));
  doc.transact(() => {
    for (let i = 0; i < 2_600; i++) {
      addCard(
        doc,
        { ...cells[i % cells.length]!, text: `Imported card ${i} about refunds` },
        actor,
      );
    }
  });
  return JSON.stringify(exportBoardJson(doc, new Date()), null, 2);
}

describe('board imports have their own size limit', () => {
  let dataDir: string;
  let server: WebServer;
  let owner: HttpClient;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-import-'));
    server = await startWebServer({ dataDir });
    owner = new HttpClient(server.url);
    await owner.signUp('Ines');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The import form's post, as a browser without JavaScript sends it. */
  const postImport = (contents: string, name: string) => {
    const form = new FormData();
    form.set('file', new File([contents], name, { type: 'application/json' }));
    return fetch(`${server.url}/?/import`, {
      method: 'POST',
      redirect: 'manual',
      headers: { accept: 'text/html', origin: server.url, cookie: owner.cookie },
      body: form,
    });
  };

  it('imports a 2,600-card board (over 512 KB) exported by the app', async () => {
    const file = largeBoardFile();
    expect(file.length).toBeGreaterThan(512 * 1024);
    const response = await postImport(file, 'big.journeyboard.json');
    expect(response.status, await response.clone().text()).toBe(303);
    const boardId = /\/b\/([\w-]{16})$/.exec(response.headers.get('location') ?? '')?.[1];
    expect(boardId).toBeDefined();
    const exported = await fetch(`${server.url}/b/${boardId}/export/json`, {
      headers: { cookie: owner.cookie },
    });
    const text = await exported.text();
    const board = JSON.parse(text) as { board: { maps: { cards: Record<string, unknown> } } };
    expect(Object.keys(board.board.maps.cards).length).toBeGreaterThanOrEqual(2_600);
    for (const i of [0, 1_299, 2_599]) expect(text).toContain(`Imported card ${i} about refunds`);
  }, 120_000);

  it('answers a 30 MB file with the form’s own message, not a bare error page', async () => {
    const response = await postImport('x'.repeat(30_000_000), 'huge.json');
    expect(response.status).toBe(413);
    const page = await response.text();
    expect(page).toContain('This file is too large to import (25 MB at most).');
    expect(page).toContain('data-import-board');
  });

  it('keeps the small limit on every other form', async () => {
    const response = await fetch(`${server.url}/?/create`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        accept: 'application/json',
        origin: server.url,
        cookie: owner.cookie,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `title=${'a'.repeat(600 * 1024)}`,
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('The request is too large');
  });

  it('imports the 2,600-card file through the form in Chromium, showing progress', async () => {
    // Launched here, not in beforeAll: the HTTP tests above reuse a keep-alive socket that
    // the server closes after 5 idle seconds, which a slow Chromium start would reach.
    browser = await launchChromium();
    const file = path.join(dataDir, 'big.journeyboard.json');
    writeFileSync(file, largeBoardFile());
    const consoleWatch = new ConsoleWatch();
    const context = await newContext(browser);
    const [, value = ''] = owner.cookie.split('=');
    await context.addCookies([{ name: 'jb_session', value, url: server.url }]);
    const page = consoleWatch.watch(await context.newPage(), 'ines');
    try {
      await gotoHydrated(page, server.url);
      const form = page.locator('[data-import-board]');
      expect(await form.textContent()).toContain('Files up to 25 MB');
      await form.locator('input[type="file"]').setInputFiles(file);
      await form.locator('button[type="submit"]').click();
      // Building 2,600 cards takes the server a moment after the upload: the form says so.
      await form.locator('[data-import-progress]').waitFor({ timeout: 10_000 });
      await screenshot(page, 'import-01-progress');
      await page.waitForURL((url) => /\/b\/[\w-]{16}$/.test(url.pathname), { timeout: 60_000 });
      await page.locator('[data-connection="connected"]').waitFor({ timeout: 30_000 });
      // The map renders only the cells near the screen: the board search finds the last card.
      const search = page.getByRole('combobox', { name: 'Find a card on the map' });
      await search.fill('Imported card 2599 about refunds');
      await expect
        .poll(() => page.getByRole('option').first().textContent(), { timeout: 30_000 })
        .toContain('Imported card 2599 about refunds');
      expect(await page.title()).toContain('Big import (imported)');

      // Over the limit: the form says so at once and sends nothing.
      await gotoHydrated(page, server.url);
      const huge = path.join(dataDir, 'huge.json');
      writeFileSync(huge, Buffer.alloc(30_000_000, 'x'));
      await form.locator('input[type="file"]').setInputFiles(huge);
      await form.locator('[role="alert"]').waitFor({ timeout: 10_000 });
      expect(await form.locator('[role="alert"]').textContent()).toContain(
        'This file is too large to import (25 MB at most).',
      );
      expect(await form.locator('button[type="submit"]').isDisabled()).toBe(true);
      await screenshot(page, 'import-02-over-limit');
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        for (const width of [390, 768, 1440]) {
          await page.setViewportSize({ width, height: 900 });
          await form.scrollIntoViewIfNeeded();
          await screenshot(page, `import-03-over-limit-${width}-${colorScheme}`);
        }
      }
      expect(consoleWatch.unexpected()).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});
