import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SESSION_COOKIE_NAME } from '@journeyboard/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from './auth-helpers.ts';
import { ConsoleWatch, gotoHydrated, launchChromium, screenshot } from './support/browser.ts';
import { startOidcProvider, type TestOidcProvider } from './support/oidc-provider.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

// Sign in with OpenID Connect against a real provider (oidc-provider on 127.0.0.1), in
// Chromium: its login and consent pages, our callback, our session cookie.
describe('single sign-on through an OpenID provider', () => {
  const consoleWatch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];
  const TIMEOUT = 10_000;
  let dataDir: string;
  let idp: TestOidcProvider;
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-sso-'));
    idp = await startOidcProvider();
    server = await startWebServer({ dataDir, env: idp.env('acme', 'Acme SSO') });
    idp.register(`${server.url}/signin/sso/acme/callback`);
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    await idp?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function openPage(name: string, width = 1360, colorScheme: 'light' | 'dark' = 'light') {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
    contexts.push(context);
    return consoleWatch.watch(await context.newPage(), name);
  }

  async function sessionCookie(page: Page) {
    const cookies = await page.context().cookies(server.url);
    return cookies.find((cookie) => cookie.name === SESSION_COOKIE_NAME)?.value ?? null;
  }

  /** From our sign-in page through the provider's login and consent pages. */
  async function signInAtProvider(page: Page, login: string, onCallback?: () => Promise<void>) {
    await gotoHydrated(page, `${server.url}/signin`);
    await page.getByRole('link', { name: 'Sign in with Acme SSO' }).click();
    await page.locator('input[name="login"]').waitFor({ timeout: TIMEOUT });
    await page.locator('input[name="login"]').pressSequentially(login);
    await page.locator('input[name="password"]').pressSequentially('anything');
    await onCallback?.();
    await page.getByRole('button', { name: /sign-in/i }).click();
    await page.getByRole('button', { name: /continue/i }).click({ timeout: TIMEOUT });
  }

  it('the sign-in page offers the provider next to the password (390, 768, 1440, both themes)', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [390, 768, 1440]) {
        const page = await openPage(`signin-${width}-${colorScheme}`, width, colorScheme);
        await gotoHydrated(page, `${server.url}/signin`);
        const button = page.getByRole('link', { name: 'Sign in with Acme SSO' });
        await button.waitFor();
        await expect.poll(() => page.getByLabel('Password').count()).toBe(1);
        // Keyboard: the provider button is the first stop in the card.
        await page.getByRole('heading', { name: 'Sign in' }).click();
        await page.keyboard.press('Tab');
        expect((await page.locator(':focus').textContent())?.trim()).toBe('Sign in with Acme SSO');
        await screenshot(page, `sso-signin-${width}-${colorScheme}`);
      }
    }
  });

  it('a first sign-in creates the account and sets our session cookie', async () => {
    idp.people.set('ada', { email: 'ada@example.com', email_verified: true, name: 'Ada Lovelace' });
    const page = await openPage('ada');
    await signInAtProvider(page, 'ada');
    await page.waitForURL(`${server.url}/`, { timeout: TIMEOUT });
    expect(await sessionCookie(page)).toMatch(/^[a-z0-9]{20,}$/);
    await page.getByText('Ada Lovelace').first().waitFor({ timeout: TIMEOUT });
    // The cookie is an ordinary session: the server answers the account page with it.
    const client = new HttpClient(server.url);
    client.cookie = `${SESSION_COOKIE_NAME}=${await sessionCookie(page)}`;
    expect((await client.get('/account')).status).toBe(200);
  });

  it('links to the password account with the same address once the provider verified it', async () => {
    await new HttpClient(server.url).signUp('Grace Hopper', 'grace@example.com');
    idp.people.set('grace-idp', { email: 'grace@example.com', email_verified: true, name: 'G.' });
    const page = await openPage('grace');
    await signInAtProvider(page, 'grace-idp');
    await page.waitForURL(`${server.url}/`, { timeout: TIMEOUT });
    // Her own account (its name), not a new one named after the provider's claim.
    await page.getByText('Grace Hopper').first().waitFor({ timeout: TIMEOUT });
    expect(await page.getByText('G.', { exact: true }).count()).toBe(0);
  });

  it('an address the provider did not verify is not linked', async () => {
    await new HttpClient(server.url).signUp('Bob', 'bob@example.com');
    idp.people.set('mallory', { email: 'bob@example.com', email_verified: false, name: 'M' });
    const page = await openPage('mallory');
    await signInAtProvider(page, 'mallory');
    await page.getByText(/has not verified your email address/).waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'sso-unverified-refused-1360');
    expect(await sessionCookie(page)).toBeNull();
  });

  /**
   * Rewrites this browser's record of the sign-in (the flow cookie) while the person is at
   * the provider: the callback then carries a state or an ID token nonce other than the
   * one this browser expects, as when an attacker's callback or token is replayed here.
   */
  async function forgeFlow(page: Page, patch: Record<string, string>) {
    const cookies = await page.context().cookies();
    const flow = cookies.find((cookie) => cookie.name === 'jb_sso');
    if (!flow) throw new Error('no sign-in flow cookie');
    const checks = JSON.parse(Buffer.from(flow.value, 'base64url').toString()) as object;
    const value = Buffer.from(JSON.stringify({ ...checks, ...patch })).toString('base64url');
    await page.context().addCookies([{ ...flow, value }]);
  }

  it('a callback whose state is not the one this browser sent is refused', async () => {
    idp.people.set('ada', { email: 'ada@example.com', email_verified: true, name: 'Ada Lovelace' });
    const page = await openPage('bad-state');
    await signInAtProvider(page, 'ada', () => forgeFlow(page, { state: 'forged-state' }));
    await page.getByText(/did not check out: unexpected "state"/).waitFor({ timeout: TIMEOUT });
    expect(await sessionCookie(page)).toBeNull();
  });

  it('an ID token whose nonce is not the one this browser sent is refused', async () => {
    idp.people.set('ada', { email: 'ada@example.com', email_verified: true, name: 'Ada Lovelace' });
    const page = await openPage('bad-nonce');
    await signInAtProvider(page, 'ada', () => forgeFlow(page, { nonce: 'forged-nonce' }));
    await page
      .getByText(/did not check out: unexpected ID Token "nonce"/)
      .waitFor({ timeout: TIMEOUT });
    expect(await sessionCookie(page)).toBeNull();
  });

  it('a callback this browser did not start is refused (no login CSRF)', async () => {
    const response = await new HttpClient(server.url).get(
      '/signin/sso/acme/callback?code=stolen&state=whatever',
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('was not started in this browser');
    expect(response.headers.getSetCookie().join()).not.toContain(`${SESSION_COOKIE_NAME}=`);
  });

  it('an unknown provider is a 404, and the page kept no console errors', async () => {
    expect((await new HttpClient(server.url).get('/signin/sso/nobody')).status).toBe(404);
    // Expected: the refusals above (400, 403) and the provider's development pages, which
    // link fonts on the internet (unreachable here) and have no favicon.
    const expected = /status of 40[034]|ERR_NAME_NOT_RESOLVED/;
    expect(consoleWatch.unexpected().filter((p) => !expected.test(p.text))).toEqual([]);
  });
});
