import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from './auth-helpers.ts';
import { ConsoleWatch, gotoHydrated, launchChromium, screenshot } from './support/browser.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

const WIDTHS = [390, 768, 1440] as const;

/*
 * Issue 15, item 7: owners set each member's department on the members page (vote
 * breakdowns group by it); members see it and cannot change it.
 */
describe('departments on the members page', () => {
  const consoleWatch = new ConsoleWatch();
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let owner: HttpClient;
  let member: HttpClient;
  let boardId: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-departments-'));
    server = await startWebServer({ dataDir });
    browser = await launchChromium();
    owner = new HttpClient(server.url);
    await owner.signUp('Olga');
    boardId = await owner.createBoard('Onboarding');
    member = new HttpClient(server.url);
    await member.signUp('Mika');
    await member.join(owner, boardId, 'editor');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function open(who: HttpClient, width: number, scheme: 'light' | 'dark'): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width, height: width < 500 ? 844 : 820 },
      colorScheme: scheme,
    });
    const [name, value] = who.cookie.split('=');
    await context.addCookies([{ name: name ?? '', value: value ?? '', url: server.url }]);
    const page = consoleWatch.watch(await context.newPage(), `departments-${width}-${scheme}`);
    await gotoHydrated(page, `${server.url}/b/${boardId}/members`);
    return page;
  }

  it('an owner sets a department from the keyboard; the member sees it and has no field', async () => {
    const page = await open(owner, 1440, 'light');
    const field = page.getByLabel('Department of Mika');
    await field.fill('Customer success');
    const saved = page.waitForResponse((response) => response.url().includes('?/department'));
    await field.press('Enter');
    expect((await saved).status()).toBe(200);
    await page.reload();
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
    expect(await page.getByLabel('Department of Mika').inputValue()).toBe('Customer success');
    await page.context().close();

    for (const width of WIDTHS) {
      for (const scheme of ['light', 'dark'] as const) {
        const ownerPage = await open(owner, width, scheme);
        await screenshot(ownerPage, `departments-owner-${width}-${scheme}`);
        await ownerPage.context().close();
      }
    }
    const memberPage = await open(member, 768, 'light');
    expect(await memberPage.locator('[data-department]').textContent()).toContain(
      'Customer success',
    );
    expect(await memberPage.getByLabel('Department of Mika').count()).toBe(0);
    await screenshot(memberPage, 'departments-member-768-light');
    await memberPage.context().close();
    expect(consoleWatch.unexpected()).toEqual([]);
  });
});
