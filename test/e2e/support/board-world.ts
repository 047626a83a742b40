import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { HttpClient, unique } from '../auth-helpers.ts';
import { ConsoleWatch, launchChromium } from './browser.ts';
import { seedCardAndStory } from './seed.ts';
import { startWebServer, type WebServer } from './web-server.ts';

export const TIMEOUT = 10_000;

export interface Viewport {
  readonly name: 'phone' | 'tablet' | 'desktop';
  readonly width: number;
  readonly height: number;
}

/** The widths the issue names: a phone, a tablet in portrait, a laptop. */
export const VIEWPORTS: readonly Viewport[] = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 768, height: 1024 },
  { name: 'desktop', width: 1440, height: 900 },
];

export const isPhone = (page: Page) => (page.viewportSize()?.width ?? 1440) <= 700;

/**
 * A server, a browser, an owner (the first account: instance admin) with a starter board
 * holding a card and a story, and a viewer of that board.
 */
export class BoardWorld {
  readonly consoleWatch = new ConsoleWatch();
  readonly #contexts: BrowserContext[] = [];
  #dataDir = '';
  server!: WebServer;
  browser!: Browser;
  owner!: HttpClient;
  viewer!: HttpClient;
  boardId = '';
  cardId = '';

  async start(prefix: string): Promise<void> {
    this.#dataDir = mkdtempSync(path.join(tmpdir(), `journeyboard-${prefix}-`));
    [this.server, this.browser] = await Promise.all([
      startWebServer({ dataDir: this.#dataDir }),
      launchChromium(),
    ]);
    this.owner = new HttpClient(this.server.url);
    await this.owner.signUp('Olivia Owner', `olivia-${unique()}@example.com`);
    this.viewer = new HttpClient(this.server.url);
    await this.viewer.signUp('Vic Viewer', `vic-${unique()}@example.com`);
    this.boardId = await this.owner.createBoard('Trial to paid', 'starter');
    await this.viewer.join(this.owner, this.boardId, 'viewer');
    this.cardId = await seedCardAndStory(
      this.owner,
      this.boardId,
      {
        cardText: 'Checkout asks for the card twice',
        story: { title: 'Interview with Sam', body: 'We gave up at the second card form.' },
      },
      TIMEOUT,
    );
  }

  /** Opens a live voting session on the board, so the voting page has ballots. */
  async startVote(): Promise<void> {
    const response = await fetch(this.url(`/b/${this.boardId}/votes`), {
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        cookie: this.owner.cookie,
        origin: this.server.url,
      },
      body: JSON.stringify({
        title: 'Top friction',
        budget: 3,
        maxPerCard: 2,
        mode: 'live',
        durationMinutes: 30,
      }),
    });
    if (response.status !== 200) throw new Error(`starting a vote failed: ${response.status}`);
  }

  url(pathname: string): string {
    return `${this.server.url}${pathname}`;
  }

  /** A page signed in as `who` (or nobody), at `viewport`, in `colorScheme`. */
  async open(
    who: 'owner' | 'viewer' | null,
    viewport: Viewport,
    colorScheme: 'light' | 'dark' = 'light',
  ): Promise<Page> {
    const phone = viewport.width <= 700;
    const context = await this.browser.newContext({
      viewport: { width: viewport.width, height: viewport.height },
      colorScheme,
      hasTouch: phone,
      isMobile: phone,
      // axe-core is injected as a script tag, which the app's CSP (script-src self) refuses.
      bypassCSP: true,
    });
    this.#contexts.push(context);
    const client = who === 'owner' ? this.owner : who === 'viewer' ? this.viewer : null;
    if (client) {
      const [, value = ''] = client.cookie.split('=');
      await context.addCookies([{ name: 'jb_session', value, url: this.server.url }]);
    }
    return this.consoleWatch.watch(await context.newPage(), `${who ?? 'guest'}-${viewport.name}`);
  }

  async stop(): Promise<void> {
    for (const context of this.#contexts) await context.close();
    await this.browser?.close();
    await this.server?.stop();
    if (this.#dataDir) rmSync(this.#dataDir, { recursive: true, force: true });
  }
}

/**
 * Waits until the map is on screen and connected. The world's open vote opens the Votes
 * panel on arrival (news for everyone); it is closed here, as a person would.
 */
export async function onMap(page: Page): Promise<void> {
  await page.locator('[data-connection="connected"]').first().waitFor({ timeout: TIMEOUT });
  await page.locator('main[data-ready]').waitFor({ timeout: TIMEOUT });
  await page.locator('[data-votes-panel]').waitFor({ timeout: TIMEOUT });
  await page.getByRole('button', { name: 'Close votes' }).click();
  await page.locator('[data-votes-panel]').waitFor({ state: 'detached', timeout: TIMEOUT });
}

/** Waits until tldraw is mounted. */
export async function onCanvas(page: Page): Promise<void> {
  await page.locator('main[data-canvas-ready="true"]').waitFor({ timeout: TIMEOUT * 2 });
}

/**
 * How far the page is wider than the window (0 when nothing overflows sideways). Against
 * the device's width, not innerWidth: a mobile browser widens its layout viewport to fit
 * content that overflows, which would hide the very overflow this looks for.
 */
export async function sidewaysOverflow(page: Page): Promise<number> {
  const width = page.viewportSize()?.width ?? 0;
  const [scrollWidth = 0, innerWidth = 0] = await page.evaluate<number[]>(
    '[document.documentElement.scrollWidth, window.innerWidth]',
  );
  return Math.max(scrollWidth, innerWidth) - width;
}
