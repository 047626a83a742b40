import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readAuthMessage } from 'y-protocols/auth';
import type { WebsocketProvider } from 'y-websocket';
import { addCard, readBoard, readVoteEntries } from '@journeyboard/model';
import { MessageType } from '@journeyboard/protocol';
import { HttpClient, openProvider, whenSynced } from './auth-helpers.ts';
import { ConsoleWatch, launchChromium, screenshot } from './support/browser.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

const TIMEOUT = 8_000;
const FRICTION = [
  'Sign-up asks for a credit card',
  'Import from spreadsheets fails silently',
  'Nobody answers the onboarding chat',
  'Pricing page hides the team plan',
];

// Three members vote secretly in a live session, each in their own browser: Fay (the
// owner, facilitating), Ann (editor) on a laptop and Ben (commenter) on a phone.
describe('a live secret vote in three browsers', () => {
  const consoleWatch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];
  const providers: WebsocketProvider[] = [];
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let boardId: string;
  const http = { fay: null as unknown as HttpClient, ann: null as unknown as HttpClient };
  let ben: HttpClient;
  let fay: Page;
  let ann: Page;
  let benPage: Page;
  let cardIds: string[];

  async function pageFor(client: HttpClient, name: string, phone = false): Promise<Page> {
    const context = await browser.newContext(
      phone
        ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
        : { viewport: { width: 1360, height: 820 } },
    );
    contexts.push(context);
    const [cookieName, value] = client.cookie.split('=');
    await context.addCookies([
      { name: cookieName ?? '', value: value ?? '', url: server.url, httpOnly: true },
    ]);
    return consoleWatch.watch(await context.newPage(), name);
  }

  const panel = (page: Page) => page.locator('[data-votes-panel]');
  const ballotCard = (page: Page, cardId: string) =>
    panel(page).locator(`[data-ballot-card="${cardId}"]`);
  const myVotes = async (page: Page, cardId: string) =>
    Number(await ballotCard(page, cardId).locator('[data-my-votes]').textContent());

  async function vote(page: Page, cardId: string, times: number, root = panel(page)) {
    for (let i = 0; i < times; i++) {
      const before = Number(
        await root.locator(`[data-ballot-card="${cardId}"] [data-my-votes]`).textContent(),
      );
      await root.locator(`[data-ballot-card="${cardId}"] [data-vote-plus]`).click();
      await vi.waitFor(
        async () =>
          expect(
            Number(
              await root.locator(`[data-ballot-card="${cardId}"] [data-my-votes]`).textContent(),
            ),
          ).toBe(before + 1),
        { timeout: TIMEOUT },
      );
    }
  }

  /** The ranking a page shows: card ids in order, with their votes. */
  async function ranking(root: ReturnType<Page['locator']>): Promise<string[]> {
    const rows = root.locator('[data-ranked-card]');
    const count = await rows.count();
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      const row = rows.nth(i);
      out.push(
        `${await row.getAttribute('data-ranked-card')}=${await row.getAttribute('data-votes')}`,
      );
    }
    return out;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-voting-'));
    server = await startWebServer({ dataDir });
    browser = await launchChromium();
    http.fay = new HttpClient(server.url);
    http.ann = new HttpClient(server.url);
    ben = new HttpClient(server.url);
    await http.fay.signUp('Fay');
    await http.ann.signUp('Ann');
    await ben.signUp('Ben');
    boardId = await http.fay.createBoard('Onboarding', 'starter');
    await http.ann.join(http.fay, boardId, 'editor');
    await ben.join(http.fay, boardId, 'commenter');
    // Friction cards, written as Fay through the sync server like any editor's edits.
    const provider = openProvider(server.url, boardId, http.fay.cookie);
    providers.push(provider);
    await whenSynced(provider);
    const board = readBoard(provider.doc);
    const lane = board.lanes.find((l) => l.kind === 'friction')?.id ?? '';
    const stages = board.stages.map((s) => s.id);
    cardIds = FRICTION.map((text, i) =>
      addCard(provider.doc, { laneId: lane, stageId: stages[i] ?? '', text }, { userId: 'fay' }),
    );
    await vi.waitFor(async () => {
      const check = openProvider(server.url, boardId, http.fay.cookie);
      providers.push(check);
      await whenSynced(check);
      expect(readBoard(check.doc).cards).toHaveLength(4);
    });
  });

  afterAll(async () => {
    for (const provider of providers) {
      provider.destroy();
      provider.doc.destroy();
    }
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets the facilitator start a live session that opens for everyone', async () => {
    fay = await pageFor(http.fay, 'fay');
    ann = await pageFor(http.ann, 'ann');
    for (const page of [fay, ann]) {
      await page.goto(`${server.url}/b/${boardId}`);
      await page.locator('[data-connection="connected"]').waitFor({ timeout: TIMEOUT });
    }
    await fay.locator('[data-votes-toggle]').click();
    await panel(fay).locator('[data-new-vote]').click();
    await panel(fay).locator('[data-vote-budget]').fill('3');
    await panel(fay).locator('[data-vote-minutes]').fill('10');
    await screenshot(fay, 'voting-01-facilitator-starts');
    await panel(fay).locator('[data-vote-start]').click();
    await panel(fay).locator('[data-active-session]').waitFor({ timeout: TIMEOUT });
    // Ann's panel opens on its own, with the countdown and a full budget.
    await panel(ann).locator('[data-active-session]').waitFor({ timeout: TIMEOUT });
    expect(await panel(ann).locator('[data-remaining]').getAttribute('data-remaining')).toBe('3');
    expect(await panel(ann).locator('[data-countdown]').count()).toBeGreaterThan(0);
  });

  it('keeps each ballot to its voter: no page, document or endpoint shows others’ votes', async () => {
    const [a, b, c, d] = cardIds as [string, string, string, string];
    await vote(fay, a, 2);
    await vote(fay, b, 1);
    await vote(ann, a, 1);
    await vote(ann, c, 2);
    // Ben finds the open session on his board list and votes from his phone, on the page
    // without the map.
    benPage = await pageFor(ben, 'ben', true);
    await benPage.goto(server.url);
    await benPage.locator('[data-open-vote]').waitFor({ timeout: TIMEOUT });
    await screenshot(benPage, 'voting-02a-phone-board-list');
    await benPage.locator('[data-open-vote]').click();
    await benPage.waitForURL(`${server.url}/b/${boardId}/votes`, { timeout: TIMEOUT });
    const benRoot = benPage.locator('[data-votes-page]');
    await benRoot.locator('[data-active-session]').waitFor({ timeout: TIMEOUT });
    await vote(benPage, a, 2, benRoot);
    await vote(benPage, d, 1, benRoot);
    await screenshot(benPage, 'voting-02-phone-ballot');
    expect(await benRoot.locator('[data-remaining]').getAttribute('data-remaining')).toBe('0');
    expect(await benRoot.locator(`[data-ballot-card="${b}"] [data-vote-plus]`).isDisabled()).toBe(
      true,
    );

    // Each browser shows only its own votes; nobody (Fay included) sees totals.
    expect([await myVotes(fay, a), await myVotes(fay, c)]).toEqual([2, 0]);
    expect([await myVotes(ann, a), await myVotes(ann, b), await myVotes(ann, c)]).toEqual([
      1, 0, 2,
    ]);
    for (const page of [fay, ann]) expect(await page.locator('[data-results]').count()).toBe(0);
    await screenshot(ann, 'voting-03-secret-ballot');

    // A crafted client: the raw document over the WebSocket, and every endpoint.
    const spy = openProvider(server.url, boardId, ben.cookie);
    providers.push(spy);
    await whenSynced(spy);
    const [entry] = readVoteEntries(spy.doc);
    expect(entry?.status).toBe('open');
    expect(entry?.results).toBeNull();
    const awareness = JSON.stringify([...spy.awareness.getStates().values()]);
    expect(awareness).not.toMatch(/ballot|tallies|data-my-votes/);
    const asFacilitator = await fetch(`${server.url}/b/${boardId}/votes`, {
      headers: { accept: 'application/json', cookie: http.fay.cookie },
    });
    const body = (await asFacilitator.json()) as {
      sessions: { voterCount: number; ballot: { votes: Record<string, number> } }[];
    };
    expect(body.sessions[0]?.voterCount).toBe(3);
    expect(body.sessions[0]?.ballot.votes).toEqual({ [a]: 2, [b]: 1 });
    expect(JSON.stringify(body)).not.toMatch(/tallies|"count"/);
  });

  it('reveals on the facilitator’s word, and all three see the same ranking', async () => {
    const [a, b, c, d] = cardIds as [string, string, string, string];
    await panel(fay).locator('[data-reveal]').click();
    const annResults = panel(ann).locator('[data-results]');
    await annResults.waitFor({ timeout: TIMEOUT });
    await panel(fay).locator('[data-results]').waitFor({ timeout: TIMEOUT });
    await benPage.reload();
    const benResults = benPage.locator('[data-votes-page] [data-results]');
    await benResults.waitFor({ timeout: TIMEOUT });
    const expected = [`${a}=5`, `${c}=2`, `${b}=1`, `${d}=1`];
    expect(await ranking(panel(fay).locator('[data-results]'))).toEqual(expected);
    expect(await ranking(annResults)).toEqual(expected);
    expect(await ranking(benResults)).toEqual(expected);
    expect(await annResults.locator('[data-ranked-card]').first().textContent()).toContain(
      FRICTION[0],
    );
    await screenshot(ann, 'voting-04-revealed-ranking');
    await screenshot(benPage, 'voting-05-phone-results');
  });

  it('shares the facilitator’s timer and lock with everyone; the lock stops Ann’s edits', async () => {
    await panel(fay).locator('[data-timer-minutes]').selectOption('5');
    await panel(fay).locator('[data-timer-start]').click();
    await ann.locator('.strip [data-countdown]').waitFor({ timeout: TIMEOUT });
    await panel(fay).locator('[data-lock]').click();
    await ann.locator('[data-lock-badge]').waitFor({ timeout: TIMEOUT });
    // The open panel covers the toolbar: it shows the shared timer and the lock itself.
    const status = panel(ann).locator('[data-panel-status]');
    await status.locator('[data-countdown]').waitFor({ timeout: TIMEOUT });
    await status.locator('[data-panel-lock]').waitFor({ timeout: TIMEOUT });
    expect(await status.locator('[data-countdown]').isVisible()).toBe(true);
    await screenshot(ann, 'voting-06-locked-with-timer');
    // The sync server drops Ann's writes while locked, whatever her client does.
    const annSocket = openProvider(server.url, boardId, http.ann.cookie);
    providers.push(annSocket);
    await whenSynced(annSocket);
    const denied: string[] = [];
    annSocket.messageHandlers[MessageType.Auth] = (_encoder, decoder) => {
      readAuthMessage(decoder, annSocket.doc, (_doc, reason) => denied.push(reason));
    };
    annSocket.doc.getMap('cards').set('forced', 'written while locked');
    await vi.waitFor(() => expect(denied[0]).toMatch(/locked by Fay/), { timeout: TIMEOUT });
    const watcher = openProvider(server.url, boardId, http.fay.cookie);
    providers.push(watcher);
    await whenSynced(watcher);
    expect(watcher.doc.getMap('cards').has('forced')).toBe(false);
    await panel(fay).locator('[data-unlock]').click();
    await ann.locator('[data-lock-badge]').waitFor({ state: 'detached', timeout: TIMEOUT });
    expect(consoleWatch.unexpected()).toEqual([]);
  });
});
