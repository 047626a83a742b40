import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from './auth-helpers.ts';
import { ConsoleWatch, gotoHydrated, launchChromium, screenshot } from './support/browser.ts';
import { signUpInBrowser } from './support/auth-page.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

// The admin page in Chromium: the first account finds it in the header, closes sign-up
// with the keyboard, and a visitor sees why they cannot sign up.
describe('the admin page in a browser', () => {
  const consoleWatch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];
  const TIMEOUT = 8_000;
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let admin: Page;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-admin-ui-'));
    server = await startWebServer({ dataDir });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function openPage(name: string, width = 1360, colorScheme: 'light' | 'dark' = 'light') {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
    contexts.push(context);
    return consoleWatch.watch(await context.newPage(), name);
  }

  it('the first account finds Admin in the header and sees the instance', async () => {
    admin = await openPage('admin');
    await gotoHydrated(admin, `${server.url}/signup`);
    await signUpInBrowser(admin, { name: 'Ada Admin', email: 'ada@example.com' });
    await admin.getByRole('link', { name: 'Admin', exact: true }).click();
    await admin.getByRole('heading', { name: 'Administration' }).waitFor({ timeout: TIMEOUT });
    await expect.poll(() => admin.getByText('Admin (first account)').count()).toBe(1);
    // A second account to show in the list.
    await new HttpClient(server.url).signUp('Bo Member', 'bo@example.com');
    await admin.reload();
    await admin.getByText('bo@example.com').waitFor({ timeout: TIMEOUT });
  });

  it('closes sign-up with the keyboard alone', async () => {
    await gotoHydrated(admin, `${server.url}/admin`);
    await admin.getByRole('radio', { name: /Open/ }).focus();
    await admin.keyboard.press('ArrowDown');
    expect(await admin.getByRole('radio', { name: /Invite-only/ }).isChecked()).toBe(true);
    // The disabled domains field is skipped: the next stop is the save button.
    await admin.keyboard.press('Tab');
    expect((await admin.locator(':focus').textContent())?.trim()).toBe('Save sign-up mode');
    await admin.keyboard.press('Enter');
    await admin.getByText('Sign-up mode saved.').waitFor({ timeout: TIMEOUT });
  });

  it('shows a visitor why they cannot sign up, with no form to fill', async () => {
    const visitor = await openPage('visitor', 390);
    await gotoHydrated(visitor, `${server.url}/signup`);
    await visitor.getByText('This Journeyboard is invite-only').waitFor({ timeout: TIMEOUT });
    expect(await visitor.getByRole('button', { name: 'Create account' }).count()).toBe(0);
    await screenshot(visitor, 'admin-signup-invite-only-390');
  });

  it('looks right at phone, tablet and desktop widths, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [390, 768, 1440]) {
        const page = await openPage(`admin-${width}-${colorScheme}`, width, colorScheme);
        await page.context().addCookies(await admin.context().cookies());
        await gotoHydrated(page, `${server.url}/admin`);
        await page.getByText('bo@example.com').waitFor({ timeout: TIMEOUT });
        await screenshot(page, `admin-${width}-${colorScheme}`);
        await page.getByRole('heading', { name: 'Accounts', exact: true }).scrollIntoViewIfNeeded();
        await screenshot(page, `admin-${width}-${colorScheme}-accounts`);
      }
    }
    const forgot = await openPage('forgot', 390);
    await gotoHydrated(forgot, `${server.url}/forgot`);
    await screenshot(forgot, 'forgot-390');
    expect(consoleWatch.unexpected()).toEqual([]);
  });
});
