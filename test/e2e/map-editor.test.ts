import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HttpClient } from './auth-helpers.ts';
import { ConsoleWatch, launchChromium, newContext, screenshot } from './support/browser.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';
import { addCard } from './support/map-page.ts';

/** An element as much as the zoom check touches it (no DOM lib in tests). */
interface StyledElement {
  ownerDocument: { defaultView: { getComputedStyle(element: StyledElement): { zoom: string } } };
}

// Two people (two browser contexts) editing one journey map through the production
// build. The steps build on each other's board, so they share it.
describe('the journey map editor with two people on one board', () => {
  const consoleWatch = new ConsoleWatch();
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let aliceContext: BrowserContext;
  let bobContext: BrowserContext;
  let alice: Page;
  let bob: Page;

  const TIMEOUT = 5_000;
  const SYNC = 1_000;
  const card = (page: Page, text: string) => page.locator('[data-card-id]', { hasText: text });
  const cell = (page: Page, lane: string, stage: string) =>
    page.getByRole('gridcell', { name: `${lane}, ${stage}`, exact: true });
  const connected = (page: Page) =>
    page.locator('[data-connection="connected"]').waitFor({ timeout: TIMEOUT });
  const saved = (page: Page) => page.locator('[data-save="saved"]').waitFor({ timeout: TIMEOUT });

  async function openAs(
    name: string,
    account: HttpClient,
    boardId: string,
  ): Promise<[BrowserContext, Page]> {
    const context = await newContext(browser);
    const [, value = ''] = account.cookie.split('=');
    await context.addCookies([{ name: 'jb_session', value, url: server.url }]);
    const page = consoleWatch.watch(await context.newPage(), name);
    await page.goto(`${server.url}/b/${boardId}`);
    await connected(page);
    return [context, page];
  }

  async function centre(locator: Locator) {
    const box = await locator.boundingBox();
    if (!box) throw new Error('element has no box');
    return { x: box.x + box.width / 2, y: box.y + box.height / 2, box };
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-map-'));
    [server, browser] = await Promise.all([startWebServer({ dataDir }), launchChromium()]);
    const owner = new HttpClient(server.url);
    const member = new HttpClient(server.url);
    await owner.signUp('Alice');
    await member.signUp('Bob');
    const boardId = await owner.createBoard('Trial to paid', 'starter');
    await member.join(owner, boardId, 'editor');
    [aliceContext, alice] = await openAs('alice', owner, boardId);
    [bobContext, bob] = await openAs('bob', member, boardId);
    await alice.locator('main[data-ready]').waitFor({ timeout: TIMEOUT });
  });

  afterAll(async () => {
    await aliceContext?.close();
    await bobContext?.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows a stage and a card added by one person to the other within a second', async () => {
    await alice.getByRole('button', { name: 'Add stage', exact: true }).click();
    const rename = alice.getByRole('textbox', { name: 'Stage name' });
    await rename.fill('Advocacy');
    await rename.press('Enter');
    await bob.getByRole('columnheader', { name: 'Advocacy' }).waitFor({ timeout: SYNC });

    await addCard(alice, 'Customer actions, Advocacy', 'Recommends us to a peer');
    await card(bob, 'Recommends us to a peer').waitFor({ timeout: SYNC });
    await addCard(alice, 'Customer actions, Awareness', 'Reads a comparison post');
    await card(bob, 'Reads a comparison post').waitFor({ timeout: SYNC });
    await screenshot(alice, 'map-01-board');
  });

  it('keeps both people’s characters when they type in the same card at once', async () => {
    await addCard(alice, 'Thoughts & feelings, Onboarding', 'Setup is');
    await card(bob, 'Setup is').waitFor({ timeout: SYNC });
    await card(alice, 'Setup is').dblclick();
    await card(bob, 'Setup is').dblclick();
    const aliceField = alice.getByRole('textbox', { name: /^Card text/ });
    const bobField = bob.getByRole('textbox', { name: /^Card text/ });
    await aliceField.press('End');
    await bobField.press('Control+Home');
    await Promise.all([
      aliceField.pressSequentially(' slower than I hoped', { delay: 15 }),
      bobField.pressSequentially('Honestly: ', { delay: 15 }),
    ]);
    const expected = 'Honestly: Setup is slower than I hoped';
    await vi.waitFor(
      async () => {
        expect(await aliceField.inputValue()).toBe(expected);
        expect(await bobField.inputValue()).toBe(expected);
      },
      { timeout: 3_000, interval: 50 },
    );
    await screenshot(bob, 'map-02-concurrent-typing');
    await aliceField.press('Escape');
    await bobField.press('Escape');
    await card(alice, expected).waitFor({ timeout: SYNC });
  });

  it('moves a card to another cell by dragging it with the mouse', async () => {
    const from = await centre(card(alice, 'Reads a comparison post'));
    const to = await centre(cell(alice, 'Customer actions', 'Onboarding'));
    await alice.mouse.move(from.x, from.y);
    await alice.mouse.down();
    await alice.mouse.move(from.x + 20, from.y + 5, { steps: 4 });
    await alice.mouse.move(to.x, to.box.y + 20, { steps: 8 });
    await alice.locator('[data-cell][data-lane-id] .drop-line').waitFor({ timeout: TIMEOUT });
    await screenshot(alice, 'map-03-dragging-card');
    await alice.mouse.up();
    await cell(bob, 'Customer actions', 'Onboarding')
      .locator('[data-card-id]', { hasText: 'Reads a comparison post' })
      .waitFor({ timeout: SYNC });
    expect(await cell(bob, 'Customer actions', 'Awareness').locator('[data-card-id]').count()).toBe(
      0,
    );
  });

  it('moves the selected card to the neighbouring stage with Alt+Arrow', async () => {
    await card(alice, 'Reads a comparison post').click();
    await alice.keyboard.press('Alt+ArrowRight');
    await cell(bob, 'Customer actions', 'Activation')
      .locator('[data-card-id]', { hasText: 'Reads a comparison post' })
      .waitFor({ timeout: SYNC });
    // Focus follows the card, so the next move continues from there.
    await alice.keyboard.press('Alt+ArrowLeft');
    await cell(bob, 'Customer actions', 'Onboarding')
      .locator('[data-card-id]', { hasText: 'Reads a comparison post' })
      .waitFor({ timeout: SYNC });
  });

  it('sets an emotion score by dragging the curve point, seen by the other person', async () => {
    const point = alice.getByRole('slider', { name: 'Emotion curve, Onboarding' });
    const start = await centre(point);
    const plot = await centre(alice.locator('.point-cell').filter({ has: point }));
    await alice.mouse.move(start.x, start.y);
    await alice.mouse.down();
    await alice.mouse.move(start.x, plot.box.y + 2, { steps: 6 });
    await alice.mouse.up();
    await vi.waitFor(
      async () =>
        expect(
          await bob
            .getByRole('slider', { name: 'Emotion curve, Onboarding' })
            .getAttribute('aria-valuenow'),
        ).toBe('3'),
      { timeout: SYNC, interval: 25 },
    );
    // And by keyboard: the focused point goes down one step per Arrow Down.
    await alice.getByRole('slider', { name: 'Emotion curve, Awareness' }).focus();
    await alice.keyboard.press('ArrowDown');
    await alice.keyboard.press('ArrowDown');
    await vi.waitFor(
      async () =>
        expect(
          await bob
            .getByRole('slider', { name: 'Emotion curve, Awareness' })
            .getAttribute('aria-valuenow'),
        ).toBe('-2'),
      { timeout: SYNC, interval: 25 },
    );
    await bob.getByRole('slider', { name: 'Emotion curve, Awareness' }).scrollIntoViewIfNeeded();
    await screenshot(bob, 'map-04-emotion-curve');
  });

  it('merges edits made offline with the other person’s once back online', async () => {
    consoleWatch.allow = /ERR_INTERNET_DISCONNECTED/;
    await bobContext.setOffline(true);
    await bob
      .locator('[data-connection="offline"], [data-connection="reconnecting"]')
      .waitFor({ timeout: TIMEOUT });
    await addCard(bob, 'Friction points, Activation', 'Invite flow needs admin rights');
    await addCard(alice, 'Opportunities, Activation', 'Let members request an invite');
    await screenshot(bob, 'map-05-offline');
    await bobContext.setOffline(false);
    await connected(bob);
    await card(alice, 'Invite flow needs admin rights').waitFor({ timeout: TIMEOUT });
    await card(bob, 'Let members request an invite').waitFor({ timeout: TIMEOUT });
    await saved(bob);
    consoleWatch.allow = null;
  });

  it('undoes only one’s own edit', async () => {
    await addCard(bob, 'Backstage, Loyalty', 'Bob’s renewal call');
    await addCard(alice, 'Backstage, Loyalty', 'Alice’s health score');
    await card(bob, 'Alice’s health score').waitFor({ timeout: SYNC });
    await card(alice, 'Bob’s renewal call').waitFor({ timeout: SYNC });
    await alice.locator('body').click({ position: { x: 5, y: 5 } });
    await alice.getByRole('button', { name: 'Undo', exact: true }).click();
    await card(bob, 'Alice’s health score').waitFor({ state: 'detached', timeout: SYNC });
    expect(await card(bob, 'Bob’s renewal call').count()).toBe(1);
    await alice.keyboard.press('Control+Shift+Z');
    await card(bob, 'Alice’s health score').waitFor({ timeout: SYNC });
  });

  it('deletes the selected card with the Delete key and brings it back from the toast', async () => {
    await card(alice, 'Alice’s health score').click();
    await alice.keyboard.press('Delete');
    await card(bob, 'Alice’s health score').waitFor({ state: 'detached', timeout: SYNC });
    await alice.getByText('Card deleted').waitFor({ timeout: TIMEOUT });
    await screenshot(alice, 'map-06-undo-toast');
    await alice.getByRole('button', { name: 'Undo', exact: true }).last().click();
    await card(bob, 'Alice’s health score').waitFor({ timeout: SYNC });
  });

  it('filters the map by a persona the card is tagged with', async () => {
    await alice.getByRole('button', { name: '+ Persona' }).click();
    await alice.getByLabel('Name').fill('Team admin');
    await alice.getByLabel('Description').fill('Sets up the workspace, invites the team');
    await alice.getByRole('button', { name: 'Add persona' }).click();
    await card(alice, 'Invite flow needs admin rights').click();
    await alice.getByRole('button', { name: 'Personas of this card' }).click();
    await alice.getByRole('menuitemcheckbox', { name: 'Team admin' }).click();
    await alice.keyboard.press('Escape');
    await bob.getByRole('button', { name: 'Team admin', exact: true }).click();
    await card(bob, 'Invite flow needs admin rights').waitFor({ timeout: SYNC });
    await card(bob, 'Recommends us to a peer').waitFor({ state: 'detached', timeout: SYNC });
    await screenshot(bob, 'map-07-persona-filter');
    await bob.getByRole('button', { name: 'Show all cards' }).click();
    await card(bob, 'Recommends us to a peer').waitFor({ timeout: SYNC });
  });

  it('sets a friction card’s severity and shows it to the other person', async () => {
    await card(alice, 'Invite flow needs admin rights').click();
    await alice.getByLabel('Severity').selectOption('high');
    await card(bob, 'Invite flow needs admin rights').getByText('High').waitFor({ timeout: SYNC });
  });

  it('switches to the dark theme and remembers it', async () => {
    await alice.getByRole('button', { name: 'Switch to dark theme' }).click();
    expect(await alice.locator('html').getAttribute('data-theme')).toBe('dark');
    await alice.reload();
    await alice.locator('main[data-ready]').waitFor({ timeout: TIMEOUT });
    expect(await alice.locator('html').getAttribute('data-theme')).toBe('dark');
    await screenshot(alice, 'map-08-dark');
  });

  it('zooms out to fit the whole map', async () => {
    await alice.getByRole('button', { name: 'Fit map to screen' }).click();
    await vi.waitFor(
      async () =>
        expect(
          await alice
            .locator('.content')
            .evaluate(
              (el: StyledElement) => el.ownerDocument.defaultView.getComputedStyle(el).zoom,
            ),
        ).not.toBe('1'),
      { timeout: TIMEOUT },
    );
    await screenshot(alice, 'map-09-fit');
  });

  it('logged no console errors', () => {
    expect(consoleWatch.unexpected()).toEqual([]);
  });
});
