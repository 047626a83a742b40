import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from './auth-helpers.ts';
import { ConsoleWatch, launchChromium, screenshot } from './support/browser.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

const TIMEOUT = 8_000;
const STAGES = ['Awareness', 'Onboarding', 'Activation', 'Perceived value', 'Loyalty'];

/** Where a stage header's box lies in the window (the right edge and the window width). */
const stageEdges = async (page: Page, stage: string) => {
  const box = await page.locator('[data-stage-header]', { hasText: stage }).boundingBox();
  const width = page.viewportSize()?.width ?? 0;
  return { left: box?.x ?? -1, right: (box?.x ?? 0) + (box?.width ?? Infinity), width };
};

// Opening the starter journey on a laptop screen: every stage is in view at once, for
// the owner and for a colleague who joins.
describe('a board opens with every stage in view', () => {
  const consoleWatch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let boardUrl: string;
  const members: HttpClient[] = [];

  const openAs = async (name: string, member: HttpClient) => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    const [, value = ''] = member.cookie.split('=');
    await context.addCookies([{ name: 'jb_session', value, url: server.url }]);
    const page = consoleWatch.watch(await context.newPage(), name);
    await page.goto(boardUrl);
    await page.locator('main[data-ready]').waitFor({ timeout: TIMEOUT });
    return page;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-open-fit-'));
    [server, browser] = await Promise.all([startWebServer({ dataDir }), launchChromium()]);
    for (const name of ['Ana', 'Ben']) {
      const member = new HttpClient(server.url);
      await member.signUp(name, `${name.toLowerCase()}-${Date.now()}@example.com`);
      members.push(member);
    }
    const boardId = await members[0]!.createBoard('Laptop journey', 'starter');
    boardUrl = `${server.url}/b/${boardId}`;
    await members[1]!.join(members[0]!, boardId, 'editor');
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    expect(consoleWatch.unexpected()).toEqual([]);
  });

  it('shows all five stages whole at 1440×900, for both people', async () => {
    const pages = await Promise.all([openAs('ana', members[0]!), openAs('ben', members[1]!)]);
    for (const page of pages) {
      for (const stage of STAGES) {
        await expect
          .poll(() => stageEdges(page, stage))
          .toSatisfy(({ left, right, width }) => left >= 0 && right <= width);
      }
      const zoom = page.getByRole('button', { name: 'Reset zoom to 100%' });
      expect(Number.parseInt(await zoom.innerText(), 10)).toBeGreaterThanOrEqual(60);
    }
    await screenshot(pages[0], 'open-fit-1440');
  });
});
