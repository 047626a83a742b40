import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addStory, readStories } from '@journeyboard/model';
import { HttpClient, openProvider, whenStored, whenSynced } from './auth-helpers.ts';
import { launchChromium, newContext, screenshot } from './support/browser.ts';
import { storyEditor } from './support/story-editor.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

const TIMEOUT = 10_000;
const STORY = 'Ticket 7731';

// The app, the tldraw canvas and the Quill story editor under the Content-Security-Policy
// and the other headers, in Chromium; any violation the browser reports fails the test.
describe('security headers', () => {
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let owner: HttpClient;
  let boardId: string;
  const contexts: BrowserContext[] = [];
  const violations: string[] = [];

  async function openPage(): Promise<Page> {
    const context = await newContext(browser);
    contexts.push(context);
    const [, value = ''] = owner.cookie.split('=');
    await context.addCookies([{ name: 'jb_session', value, url: server.url }]);
    const page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/.test(message.text()))
        violations.push(message.text());
    });
    await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
    await page.addInitScript(`document.addEventListener('securitypolicyviolation', (event) => {
      window.reportCspViolation(
        event.violatedDirective + ' ' + event.blockedURI + ' at ' + event.sourceFile + ':' +
          event.lineNumber + ':' + event.columnNumber,
      );
    });`);
    return page;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-headers-'));
    [server, browser] = await Promise.all([startWebServer({ dataDir }), launchChromium()]);
    owner = new HttpClient(server.url);
    await owner.signUp('Hedda');
    boardId = await owner.createBoard('Policy check', 'starter');
    const provider = openProvider(server.url, boardId, owner.cookie);
    try {
      await whenSynced(provider);
      addStory(
        provider.doc,
        { title: STORY, source: 'support-ticket', body: 'Setup was slow.' },
        {
          userId: 'seed',
        },
      );
      await whenStored(owner, boardId, (stored) => readStories(stored).length === 1);
    } finally {
      provider.destroy();
    }
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends a policy that allows only our own scripts, and no framing', async () => {
    const response = await owner.get(`/b/${boardId}`);
    expect(response.status).toBe(200);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('sends exports with a policy that lets them run nothing', async () => {
    const response = await owner.get(`/b/${boardId}/export/md`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'; sandbox",
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('keeps the story editor working: typed text shows, no violation', async () => {
    const page = await openPage();
    await page.goto(`${server.url}/b/${boardId}`);
    await page.locator('[data-connection="connected"]').waitFor({ timeout: TIMEOUT });
    await page.locator('[data-stories-toggle]').click();
    await page.locator(`[data-story-item="${STORY}"]`).click();
    await storyEditor.body(page).waitFor({ timeout: TIMEOUT });
    await storyEditor.caretAfter(page, 'slow.');
    await page.keyboard.type(' Fixed by support.');
    await vi.waitFor(
      async () => expect(await storyEditor.text(page)).toBe('Setup was slow. Fixed by support.'),
      { timeout: TIMEOUT },
    );
    await screenshot(page, 'csp-story-editor');
    expect(violations).toEqual([]);
  });

  it('keeps the tldraw canvas working: a drawn rectangle appears, no violation', async () => {
    const page = await openPage();
    await page.goto(`${server.url}/b/${boardId}/canvas`);
    await page.locator('main[data-canvas-ready="true"]').waitFor({ timeout: TIMEOUT });
    const box = await page.getByRole('application', { name: 'Canvas' }).boundingBox();
    if (!box) throw new Error('the canvas is not on screen');
    await page.keyboard.press('r');
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.3 + 140, box.y + box.height * 0.3 + 90, {
      steps: 6,
    });
    await page.mouse.up();
    await page.locator('.tl-shape[data-shape-type="geo"]').first().waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'csp-canvas');
    expect(violations).toEqual([]);
  });

  it('refuses to be framed by another page', async () => {
    const page = await (await newContext(browser)).newPage();
    await page.setContent(`<iframe id="victim" src="${server.url}/signin"></iframe>`);
    const frame = await (await page.waitForSelector('#victim')).contentFrame();
    await frame?.waitForLoadState().catch(() => undefined);
    // Chromium puts its own error page in the frame instead of ours.
    expect(frame?.url()).not.toContain(server.url);
    const signIn = frame ? await frame.getByRole('heading', { name: 'Sign in' }).count() : 0;
    expect(signIn).toBe(0);
  });
});
