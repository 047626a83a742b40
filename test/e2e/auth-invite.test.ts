import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as encoding from 'lib0/encoding';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { readBoard } from '@journeyboard/model';
import { MessageType, SyncStep } from '@journeyboard/protocol';
import { openProvider, whenSynced } from './auth-helpers.ts';
import {
  ConsoleWatch,
  gotoHydrated,
  launchChromium,
  newContext,
  screenshot,
} from './support/browser.ts';
import { signUpInBrowser } from './support/auth-page.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

// One story through the production build: the owner signs up and invites, a second
// person joins through the link as a viewer and watches without being able to edit.
describe('an invite link, from sign-up to a read-only board', () => {
  const consoleWatch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];
  const providers: WebsocketProvider[] = [];
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let owner: Page;
  let viewer: Page;
  let boardUrl: string;
  let inviteLink: string;

  const TIMEOUT = 8_000;
  const connected = (page: Page) =>
    page.locator('[data-connection="connected"]').waitFor({ timeout: TIMEOUT });
  const titleInput = (page: Page) => page.getByRole('textbox', { name: 'Board title' });

  const openPage = async (name: string) => {
    const context = await newContext(browser);
    contexts.push(context);
    return consoleWatch.watch(await context.newPage(), name);
  };

  const signUp = (page: Page, name: string, email: string) =>
    signUpInBrowser(page, { name, email });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-invite-'));
    server = await startWebServer({ dataDir });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends a signed-out visitor to the sign-in page', async () => {
    owner = await openPage('owner');
    await owner.goto(server.url);
    await owner.waitForURL(/\/signin$/, { timeout: TIMEOUT });
    await owner.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: TIMEOUT });
    await screenshot(owner, 'auth-signin');
  });

  it('signs the owner up and creates a board', async () => {
    await owner.getByRole('link', { name: 'Create an account' }).click();
    await signUp(owner, 'Olivia Owner', 'olivia@example.com');
    await owner.getByRole('heading', { name: 'Boards', exact: true }).waitFor({ timeout: TIMEOUT });
    await owner.getByLabel('Title', { exact: true }).fill('Trial to paid');
    await owner.getByRole('radio', { name: /^Customer journey/ }).check();
    // This test starts from the template alone, without the example journey.
    await owner.locator('[data-examples-option]').uncheck();
    await owner.getByRole('button', { name: 'Create board' }).click();
    await owner.waitForURL(/\/b\/[A-Za-z0-9_-]{16}$/, { timeout: TIMEOUT });
    boardUrl = owner.url();
    await connected(owner);
  });

  it('creates a viewer invite link on the members page', async () => {
    await gotoHydrated(owner, `${boardUrl}/members`);
    await owner.locator('form[action="?/invite"] select[name="role"]').selectOption('viewer');
    await owner.getByRole('button', { name: 'Create invite link' }).click();
    const link = owner.locator('#invite-link');
    await link.waitFor({ timeout: TIMEOUT });
    inviteLink = await link.inputValue();
    expect(inviteLink).toMatch(/\/invite\/[a-z0-9]{32}$/);
    await owner.getByRole('list', { name: 'Live invite links' }).waitFor({ timeout: TIMEOUT });
  });

  it('lets a second person sign up through the link and accept', async () => {
    viewer = await openPage('viewer');
    await viewer.goto(inviteLink);
    await viewer.waitForURL(/\/signin\?redirectTo=/, { timeout: TIMEOUT });
    await viewer.getByRole('link', { name: 'Create an account' }).click();
    await signUp(viewer, 'Victor Viewer', 'victor@example.com');
    await viewer
      .getByRole('heading', { name: 'Join “Trial to paid”' })
      .waitFor({ timeout: TIMEOUT });
    await viewer.getByText('viewer', { exact: true }).waitFor({ timeout: TIMEOUT });
    await viewer.getByRole('button', { name: 'Accept and open the board' }).click();
    await viewer.waitForURL(boardUrl, { timeout: TIMEOUT });
    await connected(viewer);
  });

  it('shows the viewer a read-only map', async () => {
    await owner.goto(boardUrl);
    await connected(owner);
    await owner
      .getByRole('button', { name: /^Add card to / })
      .first()
      .waitFor({ timeout: TIMEOUT });
    await viewer.getByRole('columnheader', { name: 'Awareness' }).waitFor({ timeout: TIMEOUT });
    expect(await viewer.getByRole('button', { name: /^Add card to / }).count()).toBe(0);
  });

  async function ownerAddsCard(text: string) {
    await owner
      .getByRole('button', { name: /^Add card to / })
      .first()
      .click();
    const field = owner.getByRole('textbox', { name: /^New card in / });
    await field.fill(text);
    await field.press('Enter');
    await field.press('Escape');
  }

  it("shows the viewer the owner's changes live", async () => {
    await ownerAddsCard('Compares plans on the pricing page');
    await viewer.getByText('Compares plans on the pricing page').waitFor({ timeout: TIMEOUT });
  });

  it("rejects an edit forged from the viewer's browser session", async () => {
    // A title change written on top of the board's real state, so that it would win if
    // the server let it through.
    const ownerTitle = await titleInput(owner).inputValue();
    const cookies = await contexts[0]!.cookies();
    const session = cookies.find((cookie) => cookie.name === 'jb_session');
    const boardId = boardUrl.split('/').pop() ?? '';
    const reader = openProvider(server.url, boardId, `jb_session=${session?.value ?? ''}`);
    providers.push(reader);
    await whenSynced(reader);
    const before = Y.encodeStateVector(reader.doc);
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(reader.doc));
    forged.getMap('meta').set('title', 'Forged by the viewer');
    const update = Y.encodeStateAsUpdate(forged, before);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    encoding.writeVarUint(encoder, SyncStep.Update);
    encoding.writeVarUint8Array(encoder, update);
    const frame = [...encoding.toUint8Array(encoder)];

    // Sent from the viewer's page, so the browser attaches the viewer's own cookie.
    const answer = await viewer.evaluate(
      ({ url, bytes }) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(url);
          socket.binaryType = 'arraybuffer';
          socket.onopen = () => socket.send(new Uint8Array(bytes));
          socket.onmessage = (event) => {
            const data = new Uint8Array(event.data as ArrayBuffer);
            // y-protocols auth message (2), permission denied (0), then the reason.
            if (data[0] === 2) resolve(new TextDecoder().decode(data.slice(3)));
          };
          setTimeout(() => resolve('no answer'), 5_000);
        }),
      { url: `${server.url.replace('http', 'ws')}/sync/${boardId}`, bytes: frame },
    );
    expect(answer).toBe('a viewer cannot edit this board');

    // The owner's view proves nothing changed: a later owner edit arrives, the forgery not.
    await ownerAddsCard('Asks sales for a discount');
    await viewer.getByText('Asks sales for a discount').waitFor({ timeout: TIMEOUT });
    expect(await titleInput(owner).inputValue()).toBe(ownerTitle);
    expect(readBoard(reader.doc).title).toBe(ownerTitle);
  });

  it('lists the board as shared, with its role, for the viewer', async () => {
    await viewer.goto(server.url);
    const shared = viewer.getByRole('list', { name: 'Shared with me' });
    await shared.getByRole('link', { name: /Trial to paid/ }).waitFor({ timeout: TIMEOUT });
    await shared.getByText('viewer').waitFor({ timeout: TIMEOUT });
    await screenshot(viewer, 'auth-board-list-shared');
    await owner.goto(server.url);
    await owner
      .getByRole('list', { name: 'My boards' })
      .getByRole('link', { name: /Trial to paid/ })
      .waitFor({ timeout: TIMEOUT });
    await screenshot(owner, 'auth-board-list-mine');
  });

  it('shows both members on the members page', async () => {
    await owner.goto(`${boardUrl}/members`);
    await owner.getByRole('button', { name: 'Remove Victor Viewer' }).waitFor({ timeout: TIMEOUT });
    await screenshot(owner, 'auth-members');
  });

  it('logged no unexpected console errors', () => {
    expect(consoleWatch.unexpected()).toEqual([]);
  });
});
