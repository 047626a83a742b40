import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HttpClient } from './auth-helpers.ts';
import { ConsoleWatch, launchChromium, newContext, screenshot } from './support/browser.ts';
import { seedCardAndStory } from './support/seed.ts';
import { storyEditor } from './support/story-editor.ts';
import { KEY_DELAY, typeTogether, wholeRuns } from './support/typing.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

const TIMEOUT = 8_000;
const CARD = 'Pays with cards';
const STORY = 'Interview: checkout';
const BODY = 'She pays with cards at checkout.';
/** Small, real delays between keys: long enough for the other person's letters to arrive. */
// Two and three people type into the same words at the same moment, through the
// production build: each person's run of letters must stay whole on every screen.
describe('typing together in the same text', () => {
  const consoleWatch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let cardId: string;
  let ana: Page;
  let bruno: Page;
  let carla: Page;

  const cardField = (page: Page): Locator => page.getByRole('textbox', { name: /^Card text/ });

  async function openCard(page: Page) {
    if (await cardField(page).isVisible()) return;
    await page.locator(`[data-card-id="${cardId}"]`).first().dblclick();
    await cardField(page).waitFor({ timeout: TIMEOUT });
  }

  /** Caret `offset` letters from the start of the card, moved there with the keyboard. */
  const caretInCard = (page: Page, offset: number) => async () => {
    await openCard(page);
    await cardField(page).press('Control+Home');
    for (let i = 0; i < offset; i++) await cardField(page).press('ArrowRight');
  };

  async function expectCardOnEveryScreen(pages: Page[], acceptable: string[]) {
    await vi.waitFor(
      async () => {
        const values = await Promise.all(pages.map((page) => cardField(page).inputValue()));
        expect(new Set(values).size, `screens differ: ${JSON.stringify(values)}`).toBe(1);
        expect(acceptable).toContain(values[0]);
      },
      { timeout: TIMEOUT, interval: 100 },
    );
  }

  async function resetCard(text: string) {
    await cardField(ana).fill(text);
    for (const page of [bruno, carla]) {
      await vi.waitFor(async () => expect(await cardField(page).inputValue()).toBe(text), {
        timeout: TIMEOUT,
      });
    }
  }

  async function openAs(name: string, account: HttpClient, boardId: string): Promise<Page> {
    const context = await newContext(browser);
    contexts.push(context);
    const [, value = ''] = account.cookie.split('=');
    await context.addCookies([{ name: 'jb_session', value, url: server.url }]);
    const page = consoleWatch.watch(await context.newPage(), name);
    await page.goto(`${server.url}/b/${boardId}`);
    await page.locator('[data-connection="connected"]').waitFor({ timeout: TIMEOUT });
    await page.locator(`[data-card-id="${cardId}"]`).first().waitFor({ timeout: TIMEOUT });
    return page;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-typing-'));
    [server, browser] = await Promise.all([startWebServer({ dataDir }), launchChromium()]);
    const owner = new HttpClient(server.url);
    const brunoAccount = new HttpClient(server.url);
    const carlaAccount = new HttpClient(server.url);
    await owner.signUp('Ana');
    await brunoAccount.signUp('Bruno');
    await carlaAccount.signUp('Carla');
    const boardId = await owner.createBoard('Checkout', 'starter');
    await brunoAccount.join(owner, boardId, 'editor');
    await carlaAccount.join(owner, boardId, 'editor');
    cardId = await seedCardAndStory(
      owner,
      boardId,
      { cardText: CARD, story: { title: STORY, body: BODY } },
      TIMEOUT,
    );
    ana = await openAs('ana', owner, boardId);
    bruno = await openAs('bruno', brunoAccount, boardId);
    carla = await openAs('carla', carlaAccount, boardId);
    for (const page of [ana, bruno, carla]) await openCard(page);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps both phrases whole when two people type at the end of a card', async () => {
    await typeTogether([
      { page: ana, place: caretInCard(ana, CARD.length), phrase: ' (Visa debit)' },
      { page: bruno, place: caretInCard(bruno, CARD.length), phrase: ' on mobile Safari' },
    ]);
    await expectCardOnEveryScreen(
      [ana, bruno, carla],
      wholeRuns(CARD, '', [' (Visa debit)', ' on mobile Safari']),
    );
    await screenshot(ana, 'typing-01-end-ana');
    await screenshot(bruno, 'typing-02-end-bruno');
  });

  it('keeps both phrases whole when two people type at the same place in the middle', async () => {
    await resetCard(CARD);
    const at = 'Pays'.length;
    await typeTogether([
      { page: ana, place: caretInCard(ana, at), phrase: ' often' },
      { page: bruno, place: caretInCard(bruno, at), phrase: ' always' },
    ]);
    await expectCardOnEveryScreen(
      [ana, bruno, carla],
      wholeRuns('Pays', ' with cards', [' often', ' always']),
    );
  });

  it('keeps both phrases whole when two people type at the start of a card', async () => {
    await resetCard(CARD);
    await typeTogether([
      { page: ana, place: caretInCard(ana, 0), phrase: 'Mostly: ' },
      { page: bruno, place: caretInCard(bruno, 0), phrase: 'Usually: ' },
    ]);
    await expectCardOnEveryScreen(
      [ana, bruno, carla],
      wholeRuns('', CARD, ['Mostly: ', 'Usually: ']),
    );
  });

  it('replaces a selection while the other person types right after it', async () => {
    await resetCard(CARD);
    await typeTogether([
      {
        page: ana,
        place: async () => {
          await caretInCard(ana, 'Pays with '.length)();
          await cardField(ana).press('Shift+End');
        },
        phrase: 'debit cards',
      },
      { page: bruno, place: caretInCard(bruno, CARD.length), phrase: ' online' },
    ]);
    // Both runs follow the replaced word; which comes first is the CRDT's tie-break.
    await expectCardOnEveryScreen(
      [ana, bruno, carla],
      ['Pays with debit cards online', 'Pays with  onlinedebit cards'],
    );
  });

  it('keeps three people’s phrases whole when all three type at the end', async () => {
    await resetCard(CARD);
    const phrases = [' in shops', ' on the app', ' by phone'];
    await typeTogether(
      [ana, bruno, carla].map((page, i) => ({
        page,
        place: caretInCard(page, CARD.length),
        phrase: phrases[i] ?? '',
      })),
    );
    await expectCardOnEveryScreen([ana, bruno, carla], wholeRuns(CARD, '', phrases));
    await screenshot(carla, 'typing-03-three-carla');
  });

  it('keeps an IME composition whole while the other person types at the same place', async () => {
    await resetCard(CARD);
    const at = 'Pays'.length;
    await caretInCard(ana, at)();
    await caretInCard(bruno, at)();
    const ime = await ana.context().newCDPSession(ana);
    const composing = (async () => {
      await ana.keyboard.type(' ', { delay: KEY_DELAY });
      // What an input method sends while the person picks the characters, then commits.
      for (const partial of ['n', 'ni', 'に', 'にほ', 'にほん', '日本']) {
        await ime.send('Input.imeSetComposition', {
          text: partial,
          selectionStart: partial.length,
          selectionEnd: partial.length,
        });
        // The field shows the composition before the next step is sent.
        await vi.waitFor(async () => expect(await cardField(ana).inputValue()).toContain(partial), {
          timeout: TIMEOUT,
        });
      }
      await ime.send('Input.insertText', { text: '日本' });
    })();
    await Promise.all([composing, bruno.keyboard.type(' on mobile', { delay: KEY_DELAY })]);
    await expectCardOnEveryScreen(
      [ana, bruno, carla],
      wholeRuns('Pays', ' with cards', [' 日本', ' on mobile']),
    );
    await screenshot(ana, 'typing-06-ime-ana');
    await ime.detach();
  });

  it('keeps both phrases whole when two people type at the end of the board title', async () => {
    const title = (page: Page) => page.getByRole('textbox', { name: 'Board title' });
    const start = await title(ana).inputValue();
    const phrases = [' (Visa debit)', ' on mobile Safari'];
    await typeTogether(
      [ana, bruno].map((page, i) => ({
        page,
        place: async () => {
          await title(page).click();
          await title(page).press('End');
        },
        phrase: phrases[i] ?? '',
      })),
    );
    const acceptable = wholeRuns(start, '', phrases);
    await vi.waitFor(
      async () => {
        const values = await Promise.all([ana, bruno, carla].map((p) => title(p).inputValue()));
        expect(new Set(values).size, `screens differ: ${JSON.stringify(values)}`).toBe(1);
        expect(acceptable).toContain(values[0]);
      },
      { timeout: TIMEOUT, interval: 100 },
    );
    await screenshot(bruno, 'typing-07-title-bruno');
    for (const page of [ana, bruno]) await title(page).press('Enter');
    expect(await ana.getByRole('alert').count()).toBe(0);
  });

  /** Waits until every screen reads the same text, one of the acceptable ones. */
  async function expectSameEverywhere(
    read: (page: Page) => Promise<string>,
    pages: Page[],
    acceptable: string[],
  ) {
    await vi.waitFor(
      async () => {
        const values = await Promise.all(pages.map(read));
        expect(new Set(values).size, `screens differ: ${JSON.stringify(values)}`).toBe(1);
        expect(acceptable).toContain(values[0]);
      },
      { timeout: TIMEOUT, interval: 100 },
    );
  }

  it('keeps both phrases whole when two people type at the end of a stage name', async () => {
    const header = (page: Page) => page.locator('[data-stage-header]').first();
    const field = (page: Page) => header(page).getByRole('textbox', { name: 'Stage name' });
    const start = (await header(ana).getAttribute('aria-label')) ?? '';
    const phrases = [' (Visa debit)', ' on mobile Safari'];
    await typeTogether(
      [ana, bruno].map((page, i) => ({
        page,
        place: async () => {
          // Out of the card first, then rename from the keyboard (F2 on the header).
          if (await cardField(page).isVisible()) await cardField(page).press('Escape');
          await header(page).focus();
          await header(page).press('F2');
          await field(page).press('End');
        },
        phrase: phrases[i] ?? '',
      })),
    );
    const acceptable = wholeRuns(start, '', phrases);
    await expectSameEverywhere((page) => field(page).inputValue(), [ana, bruno], acceptable);
    await screenshot(ana, 'typing-08-stage-ana');
    await screenshot(bruno, 'typing-09-stage-bruno');
    for (const page of [ana, bruno]) await field(page).press('Enter');
    // The third screen, not renaming, shows the same name.
    await expectSameEverywhere(
      async (page) => (await header(page).getAttribute('aria-label')) ?? '',
      [ana, bruno, carla],
      acceptable,
    );
  });

  it('keeps both phrases whole when two people type in a persona’s description', async () => {
    const description = (page: Page) => page.getByRole('textbox', { name: 'Description' });
    await ana.getByRole('button', { name: '+ Persona' }).click();
    await ana.getByRole('textbox', { name: 'Name' }).fill('Busy team lead');
    await description(ana).fill('Pays by card');
    await ana.getByRole('button', { name: 'Add persona' }).click();
    for (const page of [ana, bruno]) {
      await page.getByRole('button', { name: 'Edit persona Busy team lead' }).click();
      await description(page).waitFor({ timeout: TIMEOUT });
    }
    const phrases = [' (Visa debit)', ' on mobile Safari'];
    await typeTogether(
      [ana, bruno].map((page, i) => ({
        page,
        place: async () => {
          await description(page).click();
          await description(page).press('Control+End');
        },
        phrase: phrases[i] ?? '',
      })),
    );
    const acceptable = wholeRuns('Pays by card', '', phrases);
    await expectSameEverywhere((page) => description(page).inputValue(), [ana, bruno], acceptable);
    await screenshot(ana, 'typing-10-persona-ana');
    await screenshot(bruno, 'typing-11-persona-bruno');
    for (const page of [ana, bruno]) await page.getByRole('button', { name: 'Close' }).click();
  });

  it('keeps both phrases whole when two people type in a KPI’s name', async () => {
    const kpis = (page: Page) => page.locator('[data-stage-kpis]').first();
    const name = (page: Page) =>
      kpis(page).locator('[data-kpi-edit-form]').getByRole('textbox', { name: 'KPI name' });
    await kpis(ana).locator('[data-add-kpi]').click();
    await kpis(ana).locator('[data-kpi-name]').fill('Activation rate');
    await kpis(ana).getByRole('button', { name: 'Add KPI' }).click();
    for (const page of [ana, bruno]) {
      if (await cardField(page).isVisible()) await cardField(page).press('Escape');
      await kpis(page).getByRole('button', { name: 'Edit Activation rate' }).click();
      await name(page).waitFor({ timeout: TIMEOUT });
    }
    const phrases = [' (weekly)', ' in Europe'];
    await typeTogether(
      [ana, bruno].map((page, i) => ({
        page,
        place: async () => {
          await name(page).click();
          await name(page).press('End');
        },
        phrase: phrases[i] ?? '',
      })),
    );
    const acceptable = wholeRuns('Activation rate', '', phrases);
    await expectSameEverywhere((page) => name(page).inputValue(), [ana, bruno], acceptable);
    await screenshot(ana, 'typing-12-kpi-ana');
    await screenshot(bruno, 'typing-13-kpi-bruno');
    for (const page of [ana, bruno]) await name(page).press('Enter');
    // The third screen, not editing, shows the same name.
    await expectSameEverywhere(
      async (page) => (await kpis(page).locator('[data-kpi-id] h4').first().textContent()) ?? '',
      [ana, bruno, carla],
      acceptable,
    );
    expect(await kpis(ana).getByRole('alert').count()).toBe(0);
  });

  it('keeps both phrases whole when two people type at the same place in a story', async () => {
    for (const page of [ana, bruno]) {
      if (await cardField(page).isVisible()) await cardField(page).press('Escape');
      await page.locator('[data-stories-toggle]').click();
      await page.locator(`[data-story-item="${STORY}"]`).click();
      await storyEditor.body(page).waitFor({ timeout: TIMEOUT });
    }
    const at = 'She pays with cards';
    await storyEditor.caretAfter(ana, at);
    await storyEditor.caretAfter(bruno, at);
    await Promise.all([
      ana.keyboard.type(' (Visa debit)', { delay: KEY_DELAY }),
      bruno.keyboard.type(' on mobile Safari', { delay: KEY_DELAY }),
    ]);
    const acceptable = wholeRuns(at, ' at checkout.', [' (Visa debit)', ' on mobile Safari']);
    await vi.waitFor(
      async () => {
        const [seenByAna, seenByBruno] = await Promise.all([
          storyEditor.text(ana),
          storyEditor.text(bruno),
        ]);
        expect(seenByAna).toBe(seenByBruno);
        expect(acceptable).toContain(seenByAna);
      },
      { timeout: TIMEOUT, interval: 100 },
    );
    await screenshot(ana, 'typing-04-story-ana');
    await screenshot(bruno, 'typing-05-story-bruno');
  });

  it('logged no errors in any browser', () => {
    expect(consoleWatch.unexpected()).toEqual([]);
  });
});
