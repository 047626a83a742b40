import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addCard, readBoard } from '@journeyboard/model';
import { HttpClient, openProvider, unique, whenSynced } from './auth-helpers.ts';
import { ConsoleWatch, launchChromium, newContext, screenshot } from './support/browser.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

const TIMEOUT = 5_000;
const ANA = 'Ana Lima';
const BRUNO = 'Bruno';
const CARO = 'Caro';

/** Puts cards on the board the way another member's client would: through the sync server. */
async function seedCards(owner: HttpClient, boardId: string, texts: string[]): Promise<string[]> {
  const provider = openProvider(owner.base, boardId, owner.cookie);
  const doc = provider.doc;
  try {
    await whenSynced(provider);
    const board = readBoard(doc);
    const lane = board.lanes[0];
    const stages = board.stages;
    if (!lane || stages.length < 2) throw new Error('template without lanes or stages');
    const ids = texts.map((text, index) =>
      addCard(
        doc,
        { laneId: lane.id, stageId: stages[index % stages.length]!.id, text },
        { userId: 'seed' },
      ),
    );
    // A fresh connection's sync answer carries the server's state: once it has the
    // cards, they are stored.
    const check = openProvider(owner.base, boardId, owner.cookie);
    try {
      await vi.waitFor(
        async () => {
          await whenSynced(check);
          expect(readBoard(check.doc).cards).toHaveLength(texts.length);
        },
        { timeout: TIMEOUT },
      );
    } finally {
      check.destroy();
    }
    return ids;
  } finally {
    provider.destroy();
    doc.destroy();
  }
}

// One workshop: the steps build on each other (Ana is here, then selects, then leads),
// so they share pages.
describe('presence: who is here, where they point, and following', () => {
  const consoleWatch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let boardUrl: string;
  let cardIds: string[];
  let ana: Page;
  let bruno: Page;
  let caro: Page;
  let owner: HttpClient;
  let brunoAccount: HttpClient;
  let caroAccount: HttpClient;
  let cardBoardId: string;

  const connected = (page: Page) =>
    page.locator('[data-connection="connected"]').waitFor({ timeout: TIMEOUT });
  const avatar = (page: Page, name: string) => page.locator(`[data-presence-avatar="${name}"]`);
  const cursor = (page: Page, name: string) => page.locator(`[data-presence-cursor="${name}"]`);
  const card = (page: Page, id: string) => page.locator(`[data-card-id="${id}"]`).first();
  /** The map's visible area: where cursors and highlights are drawn. */
  const mapArea = (page: Page) => page.locator('main');

  const openAs = async (name: string, member: HttpClient) => {
    const context = await newContext(browser);
    contexts.push(context);
    const [, value = ''] = member.cookie.split('=');
    await context.addCookies([{ name: 'jb_session', value, url: server.url }]);
    const page = consoleWatch.watch(await context.newPage(), name);
    await page.goto(boardUrl);
    await connected(page);
    await card(page, cardIds[0]!).waitFor({ timeout: TIMEOUT });
    return page;
  };

  /** Where a card is on screen: equal on two same-sized windows iff they look at the same place. */
  const cardBox = async (page: Page, id: string) => {
    const box = await card(page, id).boundingBox();
    if (!box) throw new Error(`card ${id} is not on screen`);
    return box;
  };

  const expectSameView = async (leader: Page, follower: Page, id: string) => {
    await vi.waitFor(
      async () => {
        const [a, b] = await Promise.all([cardBox(leader, id), cardBox(follower, id)]);
        expect(Math.abs(a.x - b.x)).toBeLessThan(3);
        expect(Math.abs(a.y - b.y)).toBeLessThan(3);
        expect(Math.abs(a.width - b.width)).toBeLessThan(3);
      },
      { timeout: TIMEOUT, interval: 100 },
    );
  };

  const scrollMap = async (page: Page, dx: number, dy: number) => {
    const area = await mapArea(page).boundingBox();
    if (!area) throw new Error('no map area');
    await page.mouse.move(area.x + area.width / 2, area.y + area.height / 2);
    await page.mouse.wheel(dx, dy);
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-presence-'));
    [server, browser] = await Promise.all([startWebServer({ dataDir }), launchChromium()]);
    brunoAccount = new HttpClient(server.url);
    caroAccount = new HttpClient(server.url);

    owner = new HttpClient(server.url);
    await owner.signUp(ANA, `ana-${unique()}@example.com`);
    const boardId = await owner.createBoard('Workshop: onboarding', 'starter');
    cardBoardId = boardId;
    boardUrl = `${server.url}/b/${boardId}`;
    for (const [name, member] of [
      [BRUNO, brunoAccount],
      [CARO, caroAccount],
    ] as const) {
      await member.signUp(name);
      await member.join(owner, boardId, 'editor');
    }
    cardIds = await seedCards(owner, boardId, [
      'Reads a review on G2',
      'Compares pricing pages',
      'Books a demo',
      'Asks a colleague',
    ]);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows each person's avatar to the others, with yourself marked", async () => {
    ana = await openAs('ana', owner);
    bruno = await openAs('bruno', brunoAccount);
    await avatar(bruno, ANA).waitFor({ timeout: TIMEOUT });
    await bruno.locator('[data-presence-count="2"]').waitFor({ timeout: TIMEOUT });
    expect(await avatar(bruno, BRUNO).getAttribute('aria-label')).toBe(`${BRUNO} (you)`);
    // Initials are drawn from data-initials (CSS), so the button's name is the person's.
    expect(await avatar(bruno, ANA).locator('[data-initials]').getAttribute('data-initials')).toBe(
      'AL',
    );
    await avatar(bruno, ANA).hover();
    await screenshot(bruno, 'presence-01-avatars');
  });

  it("draws Ana's cursor with her name where she points", async () => {
    const target = await cardBox(ana, cardIds[1]!);
    const point = { x: target.x + 40, y: target.y + target.height / 2 };
    await ana.mouse.move(point.x - 30, point.y - 20);
    await ana.mouse.move(point.x, point.y, { steps: 5 });
    const drawn = cursor(bruno, ANA);
    await drawn.waitFor({ timeout: TIMEOUT });
    expect(await drawn.textContent()).toContain(ANA);
    await vi.waitFor(
      async () => {
        const box = await drawn.boundingBox();
        expect(Math.abs((box?.x ?? 0) - point.x)).toBeLessThan(6);
        expect(Math.abs((box?.y ?? 0) - point.y)).toBeLessThan(6);
      },
      { timeout: TIMEOUT, interval: 50 },
    );
    await screenshot(bruno, 'presence-03-live-cursor');
  });

  it('hides the cursor when the pointer leaves the map', async () => {
    await ana.mouse.move(5, 5);
    await cursor(bruno, ANA).waitFor({ state: 'detached', timeout: TIMEOUT });
  });

  it('outlines the card Ana selected, with her name on it', async () => {
    await card(ana, cardIds[0]!).click();
    const highlight = bruno.locator(`[data-presence-card="${cardIds[0]}"]`);
    await highlight.waitFor({ timeout: TIMEOUT });
    expect(await highlight.textContent()).toContain(ANA);
    const [outline, target] = await Promise.all([
      highlight.boundingBox(),
      cardBox(bruno, cardIds[0]!),
    ]);
    expect(Math.abs((outline?.x ?? 0) - target.x)).toBeLessThan(3);
    expect(Math.abs((outline?.y ?? 0) - target.y)).toBeLessThan(3);
    await ana.mouse.move(5, 5);
    await screenshot(bruno, 'presence-04-selection');

    await ana.keyboard.press('Escape');
    await highlight.waitFor({ state: 'detached', timeout: TIMEOUT });
  });

  it('cuts outlines and name tags at the frozen headers while the map scrolls', async () => {
    await card(ana, cardIds[0]!).click();
    const layer = bruno.locator('[data-presence-clip]');
    const scroller = bruno.locator('[data-map-scroller]');
    type Scrollable = { scrollTop: number; scrollLeft: number };
    const saved = await scroller.evaluate((el) => ({
      top: (el as unknown as Scrollable).scrollTop,
      left: (el as unknown as Scrollable).scrollLeft,
    }));
    try {
      await layer.waitFor({ timeout: TIMEOUT });
      const insets = async () => {
        const clip = (await layer.getAttribute('data-presence-clip')) ?? '';
        const [, top = 'NaN', left = 'NaN'] = /inset\(([\d.]+)px 0 0 ([\d.]+)px\)/.exec(clip) ?? [];
        return { top: Number(top), left: Number(left) };
      };
      const before = await insets();
      expect(before.top).toBeGreaterThan(0);
      expect(before.left).toBeGreaterThan(0);
      await scrollMap(bruno, 0, 120);
      await vi.waitFor(async () => {
        const after = await insets();
        expect(after.top).toBeGreaterThan(before.top + 20);
      }, TIMEOUT);
      await screenshot(bruno, 'presence-04b-clipped-under-headers');
    } finally {
      await scroller.evaluate(
        (el, at) =>
          void Object.assign(el as unknown as Scrollable, {
            scrollTop: at.top,
            scrollLeft: at.left,
          }),
        saved,
      );
      await ana.keyboard.press('Escape');
    }
    await layer.waitFor({ state: 'detached', timeout: TIMEOUT });
  });

  it("moves Bruno's view with Ana's while he follows her, until he scrolls", async () => {
    await avatar(bruno, ANA).click();
    await bruno
      .getByRole('status')
      .filter({ hasText: `Following ${ANA}` })
      .waitFor({
        timeout: TIMEOUT,
      });
    await scrollMap(ana, 260, 320);
    await expectSameView(ana, bruno, cardIds[2]!);
    const before = await cardBox(bruno, cardIds[2]!);

    // Ctrl+wheel zooms the map (as a trackpad pinch does).
    await ana.keyboard.down('Control');
    await ana.mouse.wheel(0, 160);
    await ana.keyboard.up('Control');
    await expectSameView(ana, bruno, cardIds[2]!);
    expect((await cardBox(bruno, cardIds[2]!)).width).toBeLessThan(before.width * 0.9);
    await screenshot(bruno, 'presence-05-following');

    await scrollMap(bruno, 0, -200);
    await bruno.getByText(`Following ${ANA}`).waitFor({ state: 'detached', timeout: TIMEOUT });
  });

  it('brings everyone to the summoner, once, with a notice', async () => {
    caro = await openAs('caro', caroAccount);
    await avatar(ana, CARO).waitFor({ timeout: TIMEOUT });
    // Ana zooms back in and scrolls: Bruno (zoomed out) and Caro (just arrived) see
    // other parts of the map until she summons them.
    await ana.keyboard.down('Control');
    await ana.mouse.wheel(0, -160);
    await ana.keyboard.up('Control');
    await scrollMap(ana, 0, 250);
    await ana.getByRole('button', { name: 'Bring everyone to me' }).click();
    await expectSameView(ana, bruno, cardIds[3]!);
    await expectSameView(ana, caro, cardIds[3]!);
    await caro.getByText(`${ANA} brought everyone to their view`).waitFor({
      timeout: TIMEOUT,
    });
    await screenshot(caro, 'presence-06-summoned');

    // Once: Caro can look elsewhere afterwards without being pulled back.
    await scrollMap(caro, 0, -300);
    await ana.waitForTimeout(600);
    const [a, c] = await Promise.all([cardBox(ana, cardIds[3]!), cardBox(caro, cardIds[3]!)]);
    expect(Math.abs(a.y - c.y)).toBeGreaterThan(50);
  });

  it('offers "Bring everyone to me" to editors but not to viewers', async () => {
    const viewerAccount = new HttpClient(server.url);
    await viewerAccount.signUp('Dana');
    await viewerAccount.join(owner, cardBoardId, 'viewer');
    const dana = await openAs('dana', viewerAccount);
    await avatar(dana, ANA).waitFor({ timeout: TIMEOUT });
    expect(await dana.getByRole('button', { name: 'Bring everyone to me' }).count()).toBe(0);
    expect(await bruno.getByRole('button', { name: 'Bring everyone to me' }).count()).toBe(1);
    await dana.close();
    await avatar(bruno, 'Dana').waitFor({ state: 'detached', timeout: TIMEOUT });
  });

  it("removes Ana's avatar and cursor from the others when she closes the page", async () => {
    const area = await mapArea(ana).boundingBox();
    await ana.mouse.move((area?.x ?? 0) + 300, (area?.y ?? 0) + 300);
    await cursor(bruno, ANA).waitFor({ timeout: TIMEOUT });
    const closedAt = Date.now();
    await ana.close();
    await avatar(bruno, ANA).waitFor({ state: 'detached', timeout: 3_000 });
    await cursor(bruno, ANA).waitFor({ state: 'detached', timeout: 1_000 });
    await avatar(caro, ANA).waitFor({ state: 'detached', timeout: 3_000 });
    expect(Date.now() - closedAt).toBeLessThan(3_000);
    await bruno.locator('[data-presence-count="2"]').waitFor({ timeout: TIMEOUT });
    await screenshot(bruno, 'presence-07-after-leave');
  });

  it('logged no console errors', () => {
    expect(consoleWatch.unexpected()).toEqual([]);
  });
});

// Without sign-in (JOURNEYBOARD_NO_AUTH, loopback only) people are guests who choose the
// name and colour others see.
// Accounts have landed: the board page requires sign-in, and a member's presence
// identity is their account's display name and colour (there are no guests any more).
describe('presence: your account is who others see', () => {
  const consoleWatch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-presence-identity-'));
    [server, browser] = await Promise.all([startWebServer({ dataDir }), launchChromium()]);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const openAs = async (name: string, member: HttpClient, url: string) => {
    const context = await newContext(browser);
    contexts.push(context);
    const [, value = ''] = member.cookie.split('=');
    await context.addCookies([{ name: 'jb_session', value, url: server.url }]);
    const page = consoleWatch.watch(await context.newPage(), name);
    await page.goto(url);
    await page.locator('[data-connection="connected"]').waitFor({ timeout: TIMEOUT });
    return page;
  };

  it('shows the account name and colour, and the new ones after a profile change', async () => {
    const dana = new HttpClient(server.url);
    const eli = new HttpClient(server.url);
    await dana.signUp('Dana');
    await eli.signUp('Eli');
    const boardId = await dana.createBoard('Identity workshop');
    await eli.join(dana, boardId, 'editor');
    const url = `${server.url}/b/${boardId}`;
    const danaPage = await openAs('dana', dana, url);
    const eliPage = await openAs('eli', eli, url);

    await eliPage.locator('[data-presence-avatar="Dana"]').waitFor({ timeout: TIMEOUT });
    await danaPage.locator('[data-presence-count="2"]').waitFor({ timeout: TIMEOUT });

    // Clicking yourself says where the name comes from; it offers no guest form.
    await danaPage.getByRole('button', { name: 'Dana (you)' }).click();
    const identity = danaPage.getByRole('dialog', { name: 'How others see you' });
    await identity.waitFor({ timeout: TIMEOUT });
    expect(await danaPage.getByLabel('Your name on this board').count()).toBe(0);
    expect(
      await identity.getByRole('link', { name: 'Change in account' }).getAttribute('href'),
    ).toBe('/account');
    await screenshot(danaPage, 'presence-02-identity');
    await identity.getByRole('button', { name: 'Close' }).click();

    const changed = await dana.post('/account?/profile', {
      displayName: 'Dana Quinn',
      department: '',
      colour: '#d6409f',
    });
    expect(changed.status).toBeLessThan(400);
    await danaPage.reload();
    const renamed = eliPage.locator('[data-presence-avatar="Dana Quinn"]');
    await renamed.waitFor({ timeout: TIMEOUT });
    expect(await renamed.getAttribute('style')).toContain('#d6409f');
    await eliPage.locator('[data-presence-avatar="Dana"]').waitFor({
      state: 'detached',
      timeout: TIMEOUT,
    });
  });

  it('logged no console errors', () => {
    expect(consoleWatch.unexpected()).toEqual([]);
  });
});
