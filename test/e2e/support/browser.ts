import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './web-server.ts';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

export function newContext(
  browser: Browser,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1360, height: 820 }, colorScheme });
}

export interface ConsoleProblem {
  page: string;
  text: string;
  /** Set when the problem happened in a window the test declared as expected trouble. */
  expected: boolean;
}

/** What the browser logs when the server is down on purpose. */
export const SERVER_DOWN_ERRORS =
  /WebSocket connection to .* failed|net::ERR_CONNECTION_REFUSED|net::ERR_CONNECTION_RESET/;

/**
 * Collects console errors and uncaught exceptions of every page it watches. While
 * `allow` is set, matching console errors are recorded as expected instead of failing
 * the test (uncaught exceptions never are).
 */
export class ConsoleWatch {
  readonly problems: ConsoleProblem[] = [];
  allow: RegExp | null = null;

  watch(page: Page, name: string): Page {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      this.problems.push({ page: name, text, expected: this.allow?.test(text) ?? false });
    });
    page.on('pageerror', (error) => {
      this.problems.push({
        page: name,
        text: `uncaught: ${error.stack ?? error.message}`,
        expected: false,
      });
    });
    return page;
  }

  unexpected(): ConsoleProblem[] {
    return this.problems.filter((problem) => !problem.expected);
  }
}

const screenshotDir = path.join(repoRoot, 'test-results/screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: false });
}

/**
 * Opens `url` and waits until the app has hydrated: input typed before hydration would be
 * reset to its server-rendered value, and clicks would go to elements without handlers.
 */
export async function gotoHydrated(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: 10_000 });
}
