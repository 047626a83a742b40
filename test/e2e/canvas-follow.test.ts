import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, unique } from './auth-helpers.ts';
import { ConsoleWatch, launchChromium, newContext, screenshot } from './support/browser.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

const TIMEOUT = 15_000;

/** The test project has no DOM types; this is what the page function uses of them. */
interface PageGlobals {
  getComputedStyle(element: unknown): { transform: string };
}
/** tldraw's first load on a busy machine. */
const LOAD_TIMEOUT = 45_000;

// Two people on one board's canvas: each sees the other's avatar in the header, and one
// follows the other's view while they pan.
describe('presence avatars and follow on the canvas', () => {
  const consoleWatch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let olivia: Page;
  let eddie: Page;
  let canvasUrl: string;

  async function openCanvas(name: string, member: HttpClient): Promise<Page> {
    const context = await newContext(browser);
    contexts.push(context);
    const [, value = ''] = member.cookie.split('=');
    await context.addCookies([{ name: 'jb_session', value, url: server.url }]);
    const page = consoleWatch.watch(await context.newPage(), name);
    await page.goto(canvasUrl);
    await page.locator('main[data-canvas-ready="true"]').waitFor({ timeout: LOAD_TIMEOUT });
    return page;
  }
  /** tldraw moves its layers with the camera: this transform is the view. */
  const camera = (page: Page) =>
    page
      .locator('.tl-html-layer')
      .first()
      .evaluate((el) => (globalThis as unknown as PageGlobals).getComputedStyle(el).transform);
  async function pan(page: Page, dy: number) {
    const box = await page.getByRole('application', { name: 'Canvas' }).boundingBox();
    if (!box) throw new Error('no canvas on screen');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, dy);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-canvas-follow-'));
    [server, browser] = await Promise.all([startWebServer({ dataDir }), launchChromium()]);
    const owner = new HttpClient(server.url);
    const editor = new HttpClient(server.url);
    await owner.signUp('Olivia Owner', `olivia-${unique()}@example.com`);
    await editor.signUp('Eddie Editor', `eddie-${unique()}@example.com`);
    const boardId = await owner.createBoard('Sketches', 'starter');
    await editor.join(owner, boardId, 'editor');
    canvasUrl = `${server.url}/b/${boardId}/canvas`;
    olivia = await openCanvas('olivia', owner);
    eddie = await openCanvas('eddie', editor);
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    expect(consoleWatch.unexpected()).toEqual([]);
  });

  it("shows each person's avatar in the other's canvas header", async () => {
    // Presence is published on the first pointer move.
    await pan(olivia, 0);
    await pan(eddie, 0);
    await eddie.locator('[data-canvas-avatar="Olivia Owner"]').waitFor({ timeout: TIMEOUT });
    await olivia.locator('[data-canvas-avatar="Eddie Editor"]').waitFor({ timeout: TIMEOUT });
    await eddie.locator('[data-canvas-avatar="Olivia Owner"]').hover();
    await screenshot(eddie, 'canvas-people-avatars');
  });

  it("follows the other person's view while they pan, until told to stop", async () => {
    await eddie.locator('[data-canvas-avatar="Olivia Owner"]').click();
    await eddie.locator('[data-canvas-following]').waitFor({ timeout: TIMEOUT });
    expect(
      await eddie.locator('[data-canvas-avatar="Olivia Owner"]').getAttribute('aria-pressed'),
    ).toBe('true');
    const before = await camera(eddie);
    await pan(olivia, 600);
    await expect.poll(() => camera(eddie), { timeout: TIMEOUT }).not.toBe(before);
    await screenshot(eddie, 'canvas-following');

    await eddie.locator('[data-canvas-following]').getByRole('button', { name: 'Stop' }).click();
    await eddie.locator('[data-canvas-following]').waitFor({ state: 'detached' });
    // A camera move already under way when Stop is pressed may finish: wait until the view
    // holds still, then Olivia pans and Eddie's view must not follow.
    let stopped = await camera(eddie);
    await expect
      .poll(async () => {
        const earlier = stopped;
        await new Promise((resolve) => setTimeout(resolve, 300));
        stopped = await camera(eddie);
        return stopped === earlier;
      })
      .toBe(true);
    await pan(olivia, -900);
    // Olivia's view moved; Eddie's stays where he left it.
    await expect.poll(() => camera(olivia)).not.toBe(stopped);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await camera(eddie)).toBe(stopped);
  });
});
