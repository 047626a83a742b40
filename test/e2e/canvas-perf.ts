// Measures the canvas against the production build, in Chromium, and prints the figures
// (nothing is asserted: timings depend on the machine).
//
//   ./jb pnpm --filter @journeyboard/web build
//   ./jb pnpm exec node test/e2e/canvas-perf.ts [shapes=2000]
//
// CANVAS_PERF_SERVER=<dir>/server.ts runs a copy of apps/web/server.ts with its build/
// beside it instead (a snapshot, when others rebuild the checkout meanwhile).
//
// 1. JavaScript each route downloads (the map vs the canvas chunk), raw and gzip.
// 2. A canvas with N shapes: time to load and become interactive, frame times while
//    panning (at 100 % and zoomed to fit every shape), time for a shape drawn by another
//    client to appear.
// 3. Opening the map of a board without and with those N canvas shapes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import * as Y from 'yjs';
import {
  addCard,
  applyCanvasChanges,
  readBoard,
  readCanvasRecords,
  type CanvasRecord,
} from '@journeyboard/model';
import { HttpClient, openProvider, unique, whenSynced } from './auth-helpers.ts';
import { launchChromium, newContext } from './support/browser.ts';
import { repoRoot, startWebServer, type WebServer } from './support/web-server.ts';

const SHAPES = Number(process.argv[2] ?? 2000);
const RUNS = 5;
const seed = { userId: 'perf-seed' };
const serverFile = process.env.CANVAS_PERF_SERVER || undefined;
const clientDir = path.join(
  serverFile ? path.dirname(serverFile) : path.join(repoRoot, 'apps/web'),
  'build/client',
);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
};
const ms = (value: number) => `${value.toFixed(0)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-canvas-perf-'));
let server: WebServer | undefined;
let browser: Browser | undefined;

/** Writes through the sync server like another member's client, and waits until stored. */
async function change(owner: HttpClient, boardId: string, write: (doc: Y.Doc) => void) {
  const provider = openProvider(owner.base, boardId, owner.cookie);
  try {
    await whenSynced(provider);
    write(provider.doc);
    const want = Y.encodeStateVector(provider.doc);
    for (let attempt = 0; attempt < 100; attempt++) {
      const check = openProvider(owner.base, boardId, owner.cookie);
      await whenSynced(check);
      const same = Buffer.from(Y.encodeStateVector(check.doc)).equals(Buffer.from(want));
      check.destroy();
      if (same) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the server did not store the change');
  } finally {
    provider.destroy();
  }
}

async function readDoc(owner: HttpClient, boardId: string): Promise<Y.Doc> {
  const provider = openProvider(owner.base, boardId, owner.cookie);
  await whenSynced(provider);
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(provider.doc));
  provider.destroy();
  return copy;
}

async function openAs(owner: HttpClient): Promise<Page> {
  if (!browser || !server) throw new Error('not started');
  const context = await newContext(browser);
  const [, value = ''] = owner.cookie.split('=');
  await context.addCookies([{ name: 'jb_session', value, url: server.url }]);
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      console.error(`[browser ${message.type()}] ${message.text().slice(0, 300)}`);
    }
  });
  page.on('pageerror', (error) => console.error(`[browser uncaught] ${error.message}`));
  // "Interactive": two frames after the editor mounted with every record loaded.
  // (A string: this file is typed for Node, the script runs in the page.)
  await page.addInitScript(`(() => {
    const observer = new MutationObserver(() => {
      if (!document.querySelector('main[data-canvas-ready="true"]')) return;
      observer.disconnect();
      requestAnimationFrame(() =>
        requestAnimationFrame(() => { window.canvasInteractive = performance.now(); }),
      );
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true });
  })()`);
  return page;
}

/** Script files a fresh page of `url` loads, by their path under the client build. */
async function scriptsOf(owner: HttpClient, url: string, ready: string): Promise<Set<string>> {
  const page = await openAs(owner);
  const files = new Set<string>();
  page.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (pathname.startsWith('/_app/') && /\.(js|css)$/.test(pathname)) files.add(pathname);
  });
  await page.goto(url);
  await page.locator(ready).waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  await page.context().close();
  return files;
}

function sizeOf(files: Iterable<string>, ext: string) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    if (!file.endsWith(ext)) continue;
    const bytes = readFileSync(path.join(clientDir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  return { raw, gzip };
}

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** tldraw's fractional index keys: "b" + two base-62 digits, 3,844 in order. */
function orderKey(index: number): string {
  return `b${DIGITS[Math.floor(index / 62) % 62]}${DIGITS[index % 62]}`;
}

/** Records of a drawn rectangle and sticky, multiplied into a grid of `count` shapes. */
function manyShapes(templates: CanvasRecord[], count: number): CanvasRecord[] {
  const columns = Math.ceil(Math.sqrt(count));
  return Array.from({ length: count }, (_, index) => {
    const template = templates[index % templates.length]!;
    return {
      ...template,
      id: `shape:perf-${index}`,
      x: (index % columns) * 240,
      y: Math.floor(index / columns) * 240,
      index: orderKey(index),
    } as CanvasRecord;
  });
}

async function frameTimes(page: Page, zoomToFit: boolean) {
  const box = await page.getByRole('application', { name: 'Canvas' }).boundingBox();
  if (!box) throw new Error('no canvas');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  if (zoomToFit) {
    await page.keyboard.press('Shift+1');
    await page.waitForTimeout(500);
  }
  await page.evaluate(`(() => {
    window.frames_ = [];
    let last = performance.now();
    window.recording_ = true;
    const tick = (now) => {
      window.frames_.push(now - last);
      last = now;
      if (window.recording_) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  for (let step = 0; step < 90; step++) {
    const direction = step < 45 ? 1 : -1;
    await page.mouse.wheel(40 * direction, 25 * direction);
    await page.waitForTimeout(16);
  }
  const frames = await page.evaluate<number[]>(`(() => {
    window.recording_ = false;
    return window.frames_.slice(1);
  })()`);
  const rendered = await page.locator('.tl-shape').count();
  return { frames, rendered };
}

async function main() {
  server = await startWebServer({ dataDir, ...(serverFile ? { serverFile } : {}) });
  browser = await launchChromium();
  const owner = new HttpClient(server.url);
  await owner.signUp('Perf Owner', `perf-${unique()}@example.com`);
  const plain = await owner.createBoard('Map only', 'starter');
  const drawn = await owner.createBoard(`Map and ${SHAPES} canvas shapes`, 'starter');
  for (const board of [plain, drawn]) {
    await change(owner, board, (doc) => {
      const { lanes, stages } = readBoard(doc);
      for (let i = 0; i < 40; i++) {
        addCard(
          doc,
          {
            laneId: lanes[i % lanes.length]!.id,
            stageId: stages[i % stages.length]!.id,
            text: `Card ${i}`,
          },
          seed,
        );
      }
    });
  }

  // --- 1. bundle sizes -------------------------------------------------------------
  const mapScripts = await scriptsOf(owner, `${server.url}/b/${plain}`, 'main[data-ready]');
  const canvasScripts = await scriptsOf(
    owner,
    `${server.url}/b/${plain}/canvas`,
    'main[data-canvas-ready="true"]',
  );
  const canvasOnly = [...canvasScripts].filter((file) => !mapScripts.has(file));
  const mapJs = sizeOf(mapScripts, '.js');
  const canvasJs = sizeOf(canvasOnly, '.js');
  const canvasCss = sizeOf(canvasOnly, '.css');
  const largest = canvasOnly
    .filter((file) => file.endsWith('.js'))
    .map((file) => ({ file, ...sizeOf([file], '.js') }))
    .sort((a, b) => b.raw - a.raw)[0];

  // --- seed the canvas: shapes drawn once through the UI, multiplied -----------------
  const setup = await openAs(owner);
  await setup.goto(`${server.url}/b/${drawn}/canvas`);
  await setup.locator('main[data-canvas-ready="true"]').waitFor({ timeout: 30_000 });
  const area = await setup.getByRole('application', { name: 'Canvas' }).boundingBox();
  if (!area) throw new Error('no canvas');
  await setup.keyboard.press('r');
  await setup.mouse.move(area.x + 300, area.y + 200);
  await setup.mouse.down();
  await setup.mouse.move(area.x + 440, area.y + 300, { steps: 5 });
  await setup.mouse.up();
  await setup.keyboard.press('n');
  await setup.mouse.click(area.x + 600, area.y + 300);
  await setup.keyboard.type('An idea');
  await setup.keyboard.press('Escape');
  await setup.waitForTimeout(1000);
  await setup.context().close();
  const templates = readCanvasRecords(await readDoc(owner, drawn)).filter(
    (record) => record.typeName === 'shape',
  );
  if (templates.length < 2) throw new Error('drawing the template shapes failed');
  const shapes = manyShapes(templates, SHAPES);
  for (let start = 0; start < shapes.length; start += 250) {
    await change(owner, drawn, (doc) =>
      applyCanvasChanges(
        doc,
        {
          put: shapes.slice(start, start + 250),
          remove: start === 0 ? templates.map((t) => t.id) : [],
        },
        seed,
      ),
    );
  }
  const docBytes = Y.encodeStateAsUpdate(await readDoc(owner, drawn)).length;
  const plainBytes = Y.encodeStateAsUpdate(await readDoc(owner, plain)).length;

  // --- 2. the canvas with N shapes ----------------------------------------------------
  const loads: { ready: number; interactive: number }[] = [];
  let page: Page | undefined;
  for (let run = 0; run < RUNS; run++) {
    await page?.context().close();
    page = await openAs(owner);
    await page.goto(`${server.url}/b/${drawn}/canvas`);
    await page.locator('main[data-canvas-ready="true"]').waitFor({ timeout: 60_000 });
    await page.waitForFunction('window.canvasInteractive !== undefined');
    loads.push(
      await page.evaluate<{ ready: number; interactive: number }>(`({
        ready: performance.getEntriesByName('journeyboard:canvas-ready')[0].startTime,
        interactive: window.canvasInteractive,
      })`),
    );
  }
  if (!page) throw new Error('no page');
  const atHundred = await frameTimes(page, false);
  const fitted = await frameTimes(page, true);

  // A remote shape written by another client, inside the view (still zoomed to fit).
  const remote: number[] = [];
  const provider = openProvider(owner.base, drawn, owner.cookie);
  await whenSynced(provider);
  for (let i = 0; i < 10; i++) {
    const id = `shape:remote-${i}`;
    await page.evaluate(
      `window.seen_ = new Promise((resolve) => {
        const found = () => document.querySelector('[data-shape-id="${id}"]');
        if (found()) return resolve(Date.now());
        const observer = new MutationObserver(() => {
          if (found()) { observer.disconnect(); resolve(Date.now()); }
        });
        observer.observe(document.body, { subtree: true, childList: true });
        setTimeout(() => resolve(NaN), 10000);
      }); undefined`,
    );
    const sent = Date.now();
    const moved = { ...shapes[0]!, id, x: 20 * i, y: 0 };
    applyCanvasChanges(provider.doc, { put: [moved] }, seed);
    const seen = await page.evaluate<number>('window.seen_');
    remote.push(seen - sent);
  }
  provider.destroy();
  await page.context().close();

  // --- 3. opening the map, without and with canvas data -------------------------------
  const mapOpen = async (boardId: string) => {
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const map = await openAs(owner);
      await map.goto(`${server!.url}/b/${boardId}`);
      await map.locator('main[data-ready]').waitFor({ timeout: 30_000 });
      times.push(
        await map.evaluate<number>(
          `performance.getEntriesByName('journeyboard:map-ready')[0].startTime`,
        ),
      );
      await map.context().close();
    }
    return times;
  };
  const withoutCanvas = await mapOpen(plain);
  const withCanvas = await mapOpen(drawn);

  const frameLine = (label: string, result: { frames: number[]; rendered: number }) =>
    `  ${label}: median ${ms(median(result.frames))}, p95 ${ms(percentile(result.frames, 95))}, ` +
    `max ${ms(Math.max(...result.frames))} over ${result.frames.length} frames ` +
    `(${result.rendered} shape elements in the DOM)`;

  console.log(`
Canvas measurements (production build, Chromium headless, ${RUNS} runs each)

Bundle (files the browser fetched; gzip by zlib)
  map route JS:            ${kb(mapJs.raw)} (${kb(mapJs.gzip)} gzip), ${[...mapScripts].filter((f) => f.endsWith('.js')).length} files
  canvas adds JS:          ${kb(canvasJs.raw)} (${kb(canvasJs.gzip)} gzip), ${canvasOnly.filter((f) => f.endsWith('.js')).length} files
    largest canvas chunk:  ${largest ? `${largest.file} ${kb(largest.raw)} (${kb(largest.gzip)} gzip)` : '-'}
  canvas adds CSS:         ${kb(canvasCss.raw)} (${kb(canvasCss.gzip)} gzip)
  map route loads tldraw:  ${[...mapScripts].some((file) => canvasOnly.includes(file)) ? 'yes' : 'no'}

Canvas with ${SHAPES} shapes (document ${kb(docBytes)} vs ${kb(plainBytes)} without the canvas)
  editor mounted (from navigation): median ${ms(median(loads.map((l) => l.ready)))} [${loads.map((l) => ms(l.ready)).join(', ')}]
  interactive (2 frames later):     median ${ms(median(loads.map((l) => l.interactive)))}
  frame interval while panning (wheel, 90 steps):
${frameLine('at 100 %', atHundred)}
${frameLine('zoomed to fit all', fitted)}
  remote shape appears (write by another client → element in the DOM): median ${ms(median(remote))}, max ${ms(Math.max(...remote))}

Opening the map (navigation → map on screen)
  board without canvas data:       median ${ms(median(withoutCanvas))} [${withoutCanvas.map(ms).join(', ')}]
  same map + ${SHAPES} canvas shapes: median ${ms(median(withCanvas))} [${withCanvas.map(ms).join(', ')}]
`);
}

try {
  await main();
} finally {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
// y-websocket leaves a timer behind after destroy(); the figures are printed.
process.exit(process.exitCode ?? 0);
