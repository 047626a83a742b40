import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addCard, addStory, readBoard, readStories } from '@journeyboard/model';
import { HttpClient, openProvider, whenStored, whenSynced } from './auth-helpers.ts';
import { ConsoleWatch, launchChromium, newContext, screenshot } from './support/browser.ts';
import { storyEditor } from './support/story-editor.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

const TIMEOUT = 8_000;
const STORY = 'Interview: Acme onboarding';
const BODY =
  'We signed the contract in March. Setup took two weeks because SSO kept failing. ' +
  'Support was friendly and fixed it in the end.';
const WORDS = 'took two weeks';

/** Puts a friction card and a story on the board the way another client would. */
async function seed(owner: HttpClient, boardId: string) {
  const provider = openProvider(owner.base, boardId, owner.cookie);
  const doc = provider.doc;
  try {
    await whenSynced(provider);
    const board = readBoard(doc);
    const friction = board.lanes.find((lane) => lane.kind === 'friction');
    const stage = board.stages[1];
    if (!friction || !stage) throw new Error('the starter template has no friction lane');
    const seedActor = { userId: 'seed' };
    const cardId = addCard(
      doc,
      { laneId: friction.id, stageId: stage.id, text: 'Setup takes too long' },
      seedActor,
    );
    addStory(doc, { title: STORY, source: 'interview', customer: 'Acme', body: BODY }, seedActor);
    await whenStored(owner, boardId, (stored) => readStories(stored).length === 1);
    return cardId;
  } finally {
    provider.destroy();
    doc.destroy();
  }
}

describe('customer stories as evidence, with two people', () => {
  const consoleWatch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let boardUrl: string;
  let cardId: string;
  let owner: HttpClient;
  let brunoAccount: HttpClient;
  let ana: Page;
  let bruno: Page;

  const body = storyEditor.body;
  const highlighted = async (page: Page) =>
    (await storyEditor.highlights(page)).map((highlight) => highlight.text);
  const badge = (page: Page) => page.locator(`[data-card-id="${cardId}"] [data-evidence-count]`);

  const openAs = async (name: string, member: HttpClient) => {
    const context = await newContext(browser);
    contexts.push(context);
    const [, value = ''] = member.cookie.split('=');
    await context.addCookies([{ name: 'jb_session', value, url: server.url }]);
    const page = consoleWatch.watch(await context.newPage(), name);
    await page.goto(boardUrl);
    await page.locator('[data-connection="connected"]').waitFor({ timeout: TIMEOUT });
    await page.locator(`[data-card-id="${cardId}"]`).first().waitFor({ timeout: TIMEOUT });
    return page;
  };

  const openStory = async (page: Page) => {
    await page.locator('[data-stories-toggle]').click();
    await page.locator(`[data-story-item="${STORY}"]`).click();
    await body(page).waitFor({ timeout: TIMEOUT });
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-stories-'));
    [server, browser] = await Promise.all([startWebServer({ dataDir }), launchChromium()]);
    owner = new HttpClient(server.url);
    brunoAccount = new HttpClient(server.url);
    await owner.signUp('Ana Lima', `ana-${Date.now()}@example.com`);
    const boardId = await owner.createBoard('Onboarding evidence', 'starter');
    boardUrl = `${server.url}/b/${boardId}`;
    await brunoAccount.signUp('Bruno');
    await brunoAccount.join(owner, boardId, 'editor');
    cardId = await seed(owner, boardId);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps a highlight on its words while the other person types in the same story', async () => {
    ana = await openAs('ana', owner);
    bruno = await openAs('bruno', brunoAccount);
    await Promise.all([openStory(ana), openStory(bruno)]);

    // Ana types at the start of the story while Bruno selects, tags and links a span.
    await storyEditor.caretBefore(ana, 'We signed');
    const typing = ana.keyboard.type('Notes from the call. ', { delay: 45 });
    await storyEditor.selectWords(bruno, WORDS);
    await bruno.locator('[data-tagbar] [data-tag="friction"]').click();
    const item = bruno.locator('[data-highlight-id]');
    await item.waitFor({ timeout: TIMEOUT });
    await item.locator('[data-link-card]').selectOption(cardId);
    await typing;

    for (const page of [ana, bruno]) {
      await vi.waitFor(
        async () => {
          expect(await storyEditor.text(page)).toBe(`Notes from the call. ${BODY}`);
          expect(await storyEditor.highlights(page)).toEqual([{ tag: 'friction', text: WORDS }]);
          expect(await badge(page).getAttribute('data-evidence-count')).toBe('1');
        },
        { timeout: TIMEOUT, interval: 100 },
      );
    }
    await screenshot(bruno, 'stories-01-highlight-linked-bruno');
    await screenshot(ana, 'stories-02-same-highlight-ana');
  });

  it('grows the highlight with text typed inside it, and keeps edge typing outside', async () => {
    await storyEditor.caretAfter(ana, WORDS);
    await ana.keyboard.type(' (!)');
    await storyEditor.caretInside(ana, WORDS, 'took'.length);
    await ana.keyboard.type(' nearly');
    // With the caret in the highlight, the list marks it.
    await ana.locator('[data-highlight-id][aria-current="true"]').waitFor({ timeout: TIMEOUT });
    await vi.waitFor(
      async () => expect(await highlighted(bruno)).toEqual(['took nearly two weeks']),
      { timeout: TIMEOUT, interval: 100 },
    );
  });

  it('formats the story for both people without moving the highlight', async () => {
    await storyEditor.selectWords(ana, 'Support was friendly');
    await ana.keyboard.press('Control+b');
    await storyEditor.selectWords(bruno, 'SSO kept failing');
    await bruno.locator('[data-formatbar] button[aria-label="Italic"]').click();
    await storyEditor.caretAfter(bruno, 'in the end.');
    await bruno.keyboard.press('Enter');
    await bruno.keyboard.type('Would recommend');
    await bruno.locator('[data-formatbar] button[aria-label="Bulleted list"]').click();

    for (const page of [ana, bruno]) {
      await vi.waitFor(
        async () => {
          expect(await body(page).locator('strong').allTextContents()).toEqual([
            'Support was friendly',
          ]);
          expect(await body(page).locator('em').allTextContents()).toEqual(['SSO kept failing']);
          expect(await body(page).locator('li').allTextContents()).toEqual(['Would recommend']);
          // The bullet is the last line on both screens: no empty line after it.
          expect(await body(page).locator('p').count()).toBe(1);
          expect(await highlighted(page)).toEqual(['took nearly two weeks']);
        },
        { timeout: TIMEOUT, interval: 100 },
      );
    }
    // Each sees where the other is typing, named.
    await ana.locator('[data-story-caret="Bruno"]').waitFor({ timeout: TIMEOUT });
    await bruno.locator('[data-story-caret="Ana Lima"]').waitFor({ timeout: TIMEOUT });
    expect(
      await bruno
        .locator('[data-formatbar] button[aria-label="Bulleted list"]')
        .getAttribute('aria-pressed'),
    ).toBe('true');
    await screenshot(ana, 'stories-03-rich-text');
  });

  it('opens the quotes behind a card from its evidence badge', async () => {
    await ana.locator('[data-stories-panel] button[aria-label="Close stories"]').click();
    await badge(ana).locator('button').click();
    const popover = ana.locator('[role="dialog"][aria-label="Evidence for this card"]');
    await popover.waitFor({ timeout: TIMEOUT });
    expect(await popover.textContent()).toContain('took nearly two weeks');
    expect(await popover.textContent()).toContain(STORY);
    await screenshot(ana, 'stories-04-evidence-popover');
    await popover.locator('button', { hasText: STORY }).click();
    await body(ana).waitFor({ timeout: TIMEOUT });
  });

  it('threads comments on a highlight and resolves them for everyone', async () => {
    const item = bruno.locator('[data-highlight-id]');
    await item.locator('button', { hasText: 'Comments' }).click();
    await item.locator('[data-comment-input]').fill('Is this the SSO bug from ticket 4411?');
    await item.locator('button[type="submit"]').click();
    const anaItem = ana.locator('[data-highlight-id]');
    await anaItem.locator('button', { hasText: 'Comments (1)' }).click();
    const thread = anaItem.locator('[data-thread-id]');
    await thread.waitFor({ timeout: TIMEOUT });
    expect(await thread.textContent()).toContain('ticket 4411');
    await thread.locator('button', { hasText: 'Reply' }).click();
    await thread.locator('[data-comment-input]').fill('Yes, same root cause.');
    await thread.locator('button[type="submit"]').click();
    await thread.locator('[data-resolve]').click();
    const brunoThread = item.locator('[data-thread-id]');
    await vi.waitFor(
      async () => {
        expect(await brunoThread.textContent()).toContain('same root cause');
        expect(await brunoThread.textContent()).toContain('Resolved by');
      },
      { timeout: TIMEOUT, interval: 100 },
    );
    await screenshot(bruno, 'stories-05-comment-thread');
  });

  it('hides a highlight whose words are deleted, and brings it back on undo', async () => {
    await storyEditor.selectWords(bruno, ' took nearly two weeks');
    await bruno.keyboard.press('Backspace');
    await vi.waitFor(
      async () => {
        expect(await highlighted(ana)).toEqual([]);
        expect(await badge(ana).count()).toBe(0);
      },
      { timeout: TIMEOUT, interval: 100 },
    );
    await bruno.keyboard.press('Control+z');
    await vi.waitFor(
      async () => {
        expect(await highlighted(ana)).toEqual(['took nearly two weeks']);
        expect(await badge(ana).getAttribute('data-evidence-count')).toBe('1');
      },
      { timeout: TIMEOUT, interval: 100 },
    );
  });

  it('filters the map to cards with no evidence', async () => {
    await ana.locator('[data-stories-panel] button', { hasText: 'All stories' }).click();
    await ana.locator('[data-filter-no-evidence]').check();
    await vi.waitFor(async () => expect(await badge(ana).isVisible()).toBe(false), {
      timeout: TIMEOUT,
    });
    await ana.locator('[data-stories-panel] button[aria-label="Close stories"]').click();
    await screenshot(ana, 'stories-06-filter-no-evidence');
    await ana.locator('[data-stories-toggle]').click();
    await ana.locator('[data-filter-no-evidence]').uncheck();
    await badge(ana).waitFor({ timeout: TIMEOUT });
  });

  it('refuses a CSV with bad rows, naming each, and then imports a good one whole', async () => {
    await ana.locator('[data-import-stories]').click();
    const bad =
      'Title,Source,Date\nGood row,survey,2026-01-02\n,interview,\nThird,podcast,2026-13-01\n';
    await ana.locator('[data-csv-import] input[type="file"]').setInputFiles({
      name: 'stories.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(bad),
    });
    const errors = ana.locator('[data-csv-row-errors]');
    await errors.waitFor({ timeout: TIMEOUT });
    expect(await errors.getAttribute('data-csv-row-errors')).toBe('2');
    expect(await errors.textContent()).toContain('Row 3');
    expect(await errors.textContent()).toContain('podcast');
    expect(await ana.locator('[data-csv-confirm]').isDisabled()).toBe(true);
    await screenshot(ana, 'stories-07-csv-row-errors');

    const good =
      'Title,Source,Customer\nTicket 4411,support ticket,Globex\nNPS verbatim,survey,SMB\n';
    await ana.locator('[data-csv-import] input[type="file"]').setInputFiles({
      name: 'stories.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(good),
    });
    await ana.locator('[data-csv-confirm]:not([disabled])').click();
    await vi.waitFor(
      async () =>
        expect(await bruno.locator('[data-stories-toggle]').textContent()).toContain('(3)'),
      { timeout: TIMEOUT, interval: 100 },
    );
    await screenshot(ana, 'stories-08-imported');
  });

  it('refuses a huge CSV and a UTF-16 one with a clear message, importing nothing', async () => {
    await ana.locator('[data-import-stories]').click();
    const input = ana.locator('[data-csv-import] input[type="file"]');
    const error = ana.locator('[data-csv-error]');
    const huge = Buffer.alloc(6 * 1024 * 1024, 'Title\nx\n');
    await input.setInputFiles({ name: 'huge.csv', mimeType: 'text/csv', buffer: huge });
    await vi.waitFor(async () => expect(await error.textContent()).toMatch(/6\.0 MB.*limit/), {
      timeout: TIMEOUT,
    });
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('Title,Source\nTicket,survey\n', 'utf16le'),
    ]);
    await input.setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: utf16 });
    await vi.waitFor(async () => expect(await error.textContent()).toMatch(/UTF-16/), {
      timeout: TIMEOUT,
    });
    await screenshot(ana, 'stories-09-csv-wrong-encoding');
    expect(await ana.locator('[data-csv-confirm]').isDisabled()).toBe(true);
    expect(await bruno.locator('[data-stories-toggle]').textContent()).toContain('(3)');
  });

  it('cuts a paste that would take a story past its length limit, and says so', async () => {
    // The panel is still open from the import.
    await ana.locator('[data-story-item="Ticket 4411"]').click();
    await body(ana).click();
    const limit = 100_000;
    await ana.evaluate(`(() => {
      const data = new DataTransfer();
      data.setData('text/plain', 'x'.repeat(${limit + 50}));
      document.querySelector('[data-story-body]').dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    })()`);
    await vi.waitFor(
      async () => {
        expect((await storyEditor.text(ana)).length).toBe(limit);
        expect(await ana.locator('[role="status"]', { hasText: 'at most 100,000' }).count()).toBe(
          1,
        );
      },
      { timeout: TIMEOUT, interval: 100 },
    );
  });

  it('logged no errors in either browser', () => {
    expect(consoleWatch.unexpected()).toEqual([]);
  });
});
