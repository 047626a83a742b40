import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as encoding from 'lib0/encoding';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { addCard, readBoard, readCanvasRecord, setCardText } from '@journeyboard/model';
import { MessageType, SyncStep } from '@journeyboard/protocol';
import { HttpClient, openProvider, unique, whenSynced } from './auth-helpers.ts';
import { ConsoleWatch, launchChromium, newContext, screenshot } from './support/browser.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

const TIMEOUT = 10_000;
const OLIVIA = 'Olivia Owner';
const EDDIE = 'Eddie Editor';
const VERA = 'Vera Viewer';
const seed = { userId: 'seed' };
const FORGED_ID = 'shape:forged-by-the-viewer';
// tldraw registers itself on the global object when its module runs.
const TLDRAW_LOADED = '__TLDRAW_LIBRARY_VERSIONS__';

/** Everything the pages asked for that did not go to our own server (CDNs, trackers). */
const foreignRequests: string[] = [];

function isOwnOrigin(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  const { hostname } = new URL(url);
  return hostname === '127.0.0.1' || hostname === 'localhost';
}

// Three members on one board's canvas: the owner and an editor draw together, a viewer
// watches; then the bridge between the map's cards and the canvas's stickies.
describe('the canvas: tldraw synced through the board document', () => {
  const consoleWatch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let owner: HttpClient;
  let editorAccount: HttpClient;
  let viewerAccount: HttpClient;
  let boardId: string;
  let cardIds: string[];
  let olivia: Page;
  let eddie: Page;
  let vera: Page;
  let oliviasShape: string;

  const mapUrl = () => `${server.url}/b/${boardId}`;
  const canvasUrl = () => `${mapUrl()}/canvas`;
  const ready = (page: Page) =>
    page.locator('main[data-canvas-ready="true"]').waitFor({ timeout: TIMEOUT });
  const shapes = (page: Page, type: string) => page.locator(`.tl-shape[data-shape-type="${type}"]`);
  const stage = (page: Page) => page.getByRole('application', { name: 'Canvas' });

  async function openPage(name: string, member: HttpClient): Promise<Page> {
    const context = await newContext(browser);
    contexts.push(context);
    const [, value = ''] = member.cookie.split('=');
    await context.addCookies([{ name: 'jb_session', value, url: server.url }]);
    context.on('request', (request) => {
      if (!isOwnOrigin(request.url())) foreignRequests.push(`${name}: ${request.url()}`);
    });
    return consoleWatch.watch(await context.newPage(), name);
  }

  async function openCanvas(name: string, member: HttpClient): Promise<Page> {
    const page = await openPage(name, member);
    await page.goto(canvasUrl());
    await ready(page);
    return page;
  }

  /** A point of the drawing area, as a fraction of its size. */
  async function at(page: Page, fx: number, fy: number) {
    const box = await stage(page).boundingBox();
    if (!box) throw new Error('the canvas is not on screen');
    return { x: box.x + box.width * fx, y: box.y + box.height * fy };
  }

  async function drawRectangle(page: Page, fx: number, fy: number) {
    const start = await at(page, fx, fy);
    await page.keyboard.press('r');
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x + 140, start.y + 90, { steps: 6 });
    await page.mouse.up();
  }

  async function shapeIds(locator: Locator): Promise<string[]> {
    const ids = await Promise.all(
      (await locator.all()).map(async (node) => (await node.getAttribute('data-shape-id')) ?? ''),
    );
    return ids.sort();
  }

  /** A document read through a fresh connection: what the server has stored. */
  async function serverCopy(): Promise<Y.Doc> {
    const provider = openProvider(server.url, boardId, owner.cookie);
    try {
      await whenSynced(provider);
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(provider.doc));
      return copy;
    } finally {
      provider.destroy();
    }
  }

  /** Changes the board the way another member's client would: through the sync server. */
  async function asAnotherClient<T>(change: (doc: Y.Doc) => T): Promise<T> {
    const provider = openProvider(server.url, boardId, owner.cookie);
    try {
      await whenSynced(provider);
      const result = change(provider.doc);
      // The provider sends on the next tick; a second connection proves it was stored.
      await vi.waitFor(
        async () => {
          const copy = await serverCopy();
          expect(Y.encodeStateVector(copy)).toEqual(Y.encodeStateVector(provider.doc));
        },
        { timeout: TIMEOUT },
      );
      return result;
    } finally {
      provider.destroy();
    }
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-canvas-'));
    [server, browser] = await Promise.all([startWebServer({ dataDir }), launchChromium()]);
    owner = new HttpClient(server.url);
    editorAccount = new HttpClient(server.url);
    viewerAccount = new HttpClient(server.url);
    await owner.signUp(OLIVIA, `olivia-${unique()}@example.com`);
    boardId = await owner.createBoard('Onboarding sketches', 'starter');
    await editorAccount.signUp(EDDIE, `eddie-${unique()}@example.com`);
    await editorAccount.join(owner, boardId, 'editor');
    await viewerAccount.signUp(VERA, `vera-${unique()}@example.com`);
    await viewerAccount.join(owner, boardId, 'viewer');
    cardIds = await asAnotherClient((doc) => {
      const board = readBoard(doc);
      const [lane] = board.lanes;
      const [first, second] = board.stages;
      if (!lane || !first || !second) throw new Error('the starter template has no cells');
      return [
        addCard(doc, { laneId: lane.id, stageId: first.id, text: 'Reads a review' }, seed),
        addCard(doc, { laneId: lane.id, stageId: second.id, text: 'Books a demo' }, seed),
      ];
    });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens the canvas from the map, loading tldraw only then', async () => {
    olivia = await openPage('olivia', owner);
    await olivia.goto(mapUrl());
    await olivia.locator('main[data-ready]').waitFor({ timeout: TIMEOUT });
    expect(await olivia.evaluate((key) => key in globalThis, TLDRAW_LOADED)).toBe(false);

    await olivia
      .getByRole('navigation', { name: 'Board view' })
      .getByRole('link', {
        name: 'Canvas',
      })
      .click();
    await olivia.waitForURL(canvasUrl(), { timeout: TIMEOUT });
    await ready(olivia);
    expect(await olivia.evaluate((key) => key in globalThis, TLDRAW_LOADED)).toBe(true);
    // Fonts and icons come from our origin (checked for every request at the end).
    await olivia.evaluate('document.fonts.ready.then(() => true)');
    await screenshot(olivia, 'canvas-01-empty');
  });

  it('shows a shape one person draws to the other, live', async () => {
    eddie = await openCanvas('eddie', editorAccount);
    await drawRectangle(olivia, 0.35, 0.35);
    await shapes(olivia, 'geo').first().waitFor({ timeout: TIMEOUT });
    await shapes(eddie, 'geo').first().waitFor({ timeout: TIMEOUT });
    const drawn = await shapeIds(shapes(olivia, 'geo'));
    expect(drawn).toHaveLength(1);
    expect(await shapeIds(shapes(eddie, 'geo'))).toEqual(drawn);
    oliviasShape = drawn[0]!;
  });

  it("shows each person's cursor and name from the board's presence", async () => {
    const point = await at(olivia, 0.6, 0.5);
    await olivia.mouse.move(point.x - 40, point.y - 30);
    await olivia.mouse.move(point.x, point.y, { steps: 5 });
    await eddie.locator('.tl-nametag', { hasText: OLIVIA }).first().waitFor({ timeout: TIMEOUT });
    await screenshot(eddie, 'canvas-02-two-people');
  });

  it("undoes only one's own shapes", async () => {
    await drawRectangle(eddie, 0.6, 0.6);
    await expect.poll(() => shapes(olivia, 'geo').count(), { timeout: TIMEOUT }).toBe(2);
    // Eddie drew last, but Olivia's undo removes her own shape, never his.
    await olivia.keyboard.press('Control+z');
    await expect.poll(() => shapes(eddie, 'geo').count(), { timeout: TIMEOUT }).toBe(1);
    await expect.poll(() => shapes(olivia, 'geo').count(), { timeout: TIMEOUT }).toBe(1);
    expect(await shapeIds(shapes(eddie, 'geo'))).not.toContain(oliviasShape);
    expect(await shapeIds(shapes(olivia, 'geo'))).not.toContain(oliviasShape);
    await olivia.keyboard.press('Control+Shift+z');
    await expect.poll(() => shapes(eddie, 'geo').count(), { timeout: TIMEOUT }).toBe(2);
    expect(await shapeIds(shapes(eddie, 'geo'))).toContain(oliviasShape);
  });

  it('shows the viewer the canvas read-only', async () => {
    vera = await openCanvas('vera', viewerAccount);
    await expect.poll(() => shapes(vera, 'geo').count(), { timeout: TIMEOUT }).toBe(2);
    await vera.getByText('View only').waitFor({ timeout: TIMEOUT });
    expect(await vera.getByRole('complementary', { name: 'Cards of the map' }).count()).toBe(0);
    const before = await shapeIds(shapes(olivia, 'geo'));
    await screenshot(vera, 'canvas-03-viewer');

    // Select everything and delete, then try drawing: nothing changes, here or anywhere.
    await stage(vera).click({ position: { x: 20, y: 20 } });
    await vera.keyboard.press('Control+a');
    await vera.keyboard.press('Delete');
    await drawRectangle(vera, 0.2, 0.7);
    expect(await shapeIds(shapes(vera, 'geo'))).toEqual(before);

    // A later edit by the owner arrives everywhere; by then a viewer write would have too.
    await drawRectangle(olivia, 0.2, 0.2);
    await expect.poll(() => shapes(vera, 'geo').count(), { timeout: TIMEOUT }).toBe(3);
    await expect.poll(() => shapes(eddie, 'geo').count(), { timeout: TIMEOUT }).toBe(3);
  });

  it("rejects a canvas write forged from the viewer's session, which never reaches others", async () => {
    const reader = openProvider(server.url, boardId, viewerAccount.cookie);
    let frame: number[];
    try {
      await whenSynced(reader);
      const before = Y.encodeStateVector(reader.doc);
      const forged = new Y.Doc();
      Y.applyUpdate(forged, Y.encodeStateAsUpdate(reader.doc));
      const anyShape = [...forged.getMap('canvas').values()].find(
        (record) => (record as { typeName?: string }).typeName === 'shape',
      ) as Record<string, unknown>;
      forged.getMap('canvas').set(FORGED_ID, { ...anyShape, id: FORGED_ID, x: 0, y: 0 });
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.Sync);
      encoding.writeVarUint(encoder, SyncStep.Update);
      encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(forged, before));
      frame = [...encoding.toUint8Array(encoder)];
    } finally {
      reader.destroy();
    }

    // Sent from the viewer's page, so the browser attaches the viewer's own cookie.
    const answer = await vera.evaluate(
      ({ url, bytes }) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(url);
          socket.binaryType = 'arraybuffer';
          socket.onopen = () => socket.send(new Uint8Array(bytes));
          socket.onmessage = (event) => {
            const data = new Uint8Array(event.data as ArrayBuffer);
            // y-protocols auth message (2), permission denied (0), then the reason.
            if (data[0] === 2) {
              resolve(new TextDecoder().decode(data.slice(3)));
              socket.close();
            }
          };
          setTimeout(() => resolve('no answer'), 5_000);
        }),
      { url: `${server.url.replace('http', 'ws')}/sync/${boardId}`, bytes: frame },
    );
    expect(answer).toBe('a viewer cannot edit this board');

    await drawRectangle(olivia, 0.75, 0.2);
    await expect.poll(() => shapes(eddie, 'geo').count(), { timeout: TIMEOUT }).toBe(4);
    expect(await eddie.locator(`[data-shape-id="${FORGED_ID}"]`).count()).toBe(0);
    expect(await olivia.locator(`[data-shape-id="${FORGED_ID}"]`).count()).toBe(0);
    expect(readCanvasRecord(await serverCopy(), FORGED_ID)).toBeNull();
  });

  it("drags a map card onto the canvas as a sticky that keeps the card's text", async () => {
    const tray = olivia.getByRole('complementary', { name: 'Cards of the map' });
    await screenshot(olivia, 'canvas-04-tray');
    const drop = await at(olivia, 0.45, 0.7);
    const box = await stage(olivia).boundingBox();
    await tray.locator(`[data-card-id="${cardIds[0]}"]`).dragTo(stage(olivia), {
      targetPosition: { x: drop.x - (box?.x ?? 0), y: drop.y - (box?.y ?? 0) },
    });
    const sticky = (page: Page) => shapes(page, 'note').filter({ hasText: 'Reads a review' });
    await sticky(olivia).waitFor({ timeout: TIMEOUT });
    await sticky(eddie).waitFor({ timeout: TIMEOUT });
    await sticky(vera).waitFor({ timeout: TIMEOUT });

    // Someone rewrites the card on the map: every linked sticky follows.
    await asAnotherClient((doc) =>
      setCardText(doc, cardIds[0]!, 'Reads three reviews on G2', seed),
    );
    for (const page of [olivia, eddie, vera]) {
      await shapes(page, 'note')
        .filter({ hasText: 'Reads three reviews on G2' })
        .waitFor({ timeout: TIMEOUT });
    }
    await screenshot(eddie, 'canvas-05-linked-sticky');
  });

  it('sends a sticky to the map as a card in the chosen cell', async () => {
    const point = await at(olivia, 0.8, 0.55);
    await olivia.keyboard.press('Escape');
    await olivia.keyboard.press('n');
    await olivia.mouse.click(point.x, point.y);
    // The new sticky opens its text editor: type once it has the focus.
    await olivia
      .locator('.tl-shape[data-shape-type="note"] [contenteditable="true"]:focus')
      .waitFor({
        timeout: TIMEOUT,
      });
    await olivia.keyboard.type('Wants a guided tour');
    await olivia.keyboard.press('Escape');

    const form = olivia.getByRole('form', { name: 'Send the sticky to the map' });
    await form.waitFor({ timeout: TIMEOUT });
    await form.getByText('Wants a guided tour').waitFor({ timeout: TIMEOUT });
    const board = readBoard(await serverCopy());
    const lane = board.lanes[1]!;
    const stageTo = board.stages[2]!;
    await form.getByLabel('Lane').selectOption({ label: lane.name });
    await form.getByLabel('Stage').selectOption({ label: stageTo.name });
    await screenshot(olivia, 'canvas-06-send-to-map');
    await form.getByRole('button', { name: 'Create card' }).click();
    // Once linked, the sticky is the card's: the form goes away.
    await form.waitFor({ state: 'detached', timeout: TIMEOUT });

    await vi.waitFor(
      async () => {
        const cards = readBoard(await serverCopy()).cards;
        const card = cards.find((c) => c.text === 'Wants a guided tour');
        expect(card).toMatchObject({ laneId: lane.id, stageId: stageTo.id });
      },
      { timeout: TIMEOUT },
    );

    // Eddie switches to the map and finds the card there.
    await eddie
      .getByRole('navigation', { name: 'Board view' })
      .getByRole('link', {
        name: 'Map',
      })
      .click();
    await eddie.waitForURL(mapUrl(), { timeout: TIMEOUT });
    await eddie.getByText('Wants a guided tour').first().waitFor({ timeout: TIMEOUT });
    await screenshot(eddie, 'canvas-07-card-on-map');
  });

  it('made no request to any other origin (fonts, icons and translations are ours)', () => {
    expect(foreignRequests).toEqual([]);
  });

  it('logged no unexpected console errors', () => {
    expect(consoleWatch.unexpected()).toEqual([]);
  });
});
