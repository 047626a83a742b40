// The 2,000-card figures of the map editor (issue 4), measured in a real Chromium
// against the production build served by the one-process server. Prints numbers; it
// passes or fails nothing. Run after a web build:
//
//   ./jb pnpm --filter @journeyboard/web build
//   ./jb node --experimental-strip-types test/bench/map-2000.ts [--cards 2000] [--runs 3]
//
// Open to interactive: navigation start until the map is on screen (the app's
// `journeyboard:map-ready` mark) and a card answers a click, cold (empty browser
// storage) and warm (the IndexedDB copy is there). Typing latency: from each keydown in
// a card's editor to the first frame painted after its input event. Scroll frame time:
// intervals between animation frames while the map is scrolled continuously.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { addCard, addStage, readBoard } from '@journeyboard/model';
import { HttpClient, openProvider, whenSynced } from '../e2e/auth-helpers.ts';
import { launchChromium, newContext } from '../e2e/support/browser.ts';
import { startWebServer } from '../e2e/support/web-server.ts';

const { values } = parseArgs({
  options: {
    cards: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '3' },
    /** Experiment: skip rendering off-screen cells (CSS content-visibility). */
    'skip-offscreen': { type: 'boolean', default: false },
  },
});
const CARDS = Number(values.cards);
const RUNS = Number(values.runs);
const EXTRA_STAGES = ['Evaluation', 'Purchase', 'Setup', 'Adoption', 'Expansion', 'Renewal'];

const median = (xs: number[]) => {
  const sorted = xs.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const pct = (xs: number[], p: number) => {
  const sorted = xs.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** Fills the board through the sync server, as many clients over time would. */
async function seed(owner: HttpClient, boardId: string): Promise<void> {
  const provider = openProvider(owner.base, boardId, owner.cookie);
  const doc = provider.doc;
  const actor = { userId: 'bench' };
  try {
    await whenSynced(provider);
    for (const name of EXTRA_STAGES) addStage(doc, { name }, actor);
    const board = readBoard(doc);
    const lanes = board.lanes.filter((lane) => lane.kind !== 'emotion' && lane.kind !== 'kpis');
    const cells = lanes.flatMap((lane) => board.stages.map((stage) => [lane.id, stage.id]));
    // Batches keep each update well under the server's update size limit.
    for (let start = 0; start < CARDS; start += 100) {
      doc.transact(() => {
        for (let i = start; i < Math.min(CARDS, start + 100); i++) {
          const [laneId, stageId] = cells[i % cells.length]!;
          const text = `Card ${i}: the customer compares plans and asks sales about SSO`;
          addCard(doc, { laneId: laneId!, stageId: stageId!, text }, actor);
        }
      }, actor);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // A fresh connection's sync answer is the server's state: wait until it has them all.
    for (;;) {
      const check = openProvider(owner.base, boardId, owner.cookie);
      await whenSynced(check);
      const stored = readBoard(check.doc).cards.length;
      check.destroy();
      if (stored >= CARDS) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    provider.destroy();
    doc.destroy();
  }
}

/** Navigation start → map on screen, and → a card answering a click (ms). */
async function openToInteractive(page: Page, url: string) {
  await page.goto(url);
  await page.locator('main[data-ready]').waitFor({ timeout: 60_000 });
  const ready = await page.evaluate(
    () => globalThis.performance.getEntriesByName('journeyboard:map-ready')[0]?.startTime ?? NaN,
  );
  const first = page.locator('[data-card-id]').first();
  await first.click();
  await page.locator('[data-card-id][aria-current="true"]').waitFor({ timeout: 60_000 });
  const interactive = await page.evaluate(() => globalThis.performance.now());
  return { ready, interactive };
}

interface TimingWindow {
  addEventListener(
    type: string,
    listener: (event: { timeStamp: number }) => void,
    capture?: boolean,
  ): void;
  requestAnimationFrame(callback: (time: number) => void): number;
  __latencies?: number[];
  __frames?: number[];
}

async function typingLatency(page: Page): Promise<number[]> {
  const target = page.locator('[data-card-id]').nth(40);
  await target.scrollIntoViewIfNeeded();
  await target.dblclick();
  const field = page.getByRole('textbox', { name: /^Card text/ });
  await field.waitFor();
  await field.press('End');
  await page.evaluate(() => {
    const win = globalThis as unknown as TimingWindow;
    win.__latencies = [];
    let down = 0;
    win.addEventListener('keydown', (event) => (down = event.timeStamp), true);
    win.addEventListener(
      'input',
      () => {
        const from = down;
        // The frame that shows the character: the next animation frame after the input.
        win.requestAnimationFrame(() => {
          setTimeout(() => win.__latencies?.push(globalThis.performance.now() - from), 0);
        });
      },
      true,
    );
  });
  await field.pressSequentially(' and then asks again about pricing tiers', { delay: 60 });
  await page.waitForTimeout(200);
  await field.press('Escape');
  return page.evaluate(() => (globalThis as unknown as TimingWindow).__latencies ?? []);
}

async function scrollFrames(page: Page): Promise<number[]> {
  const area = await page.locator('main').boundingBox();
  if (!area) throw new Error('no map area');
  await page.mouse.move(area.x + area.width / 2, area.y + area.height / 2);
  await page.evaluate(() => {
    const win = globalThis as unknown as TimingWindow;
    win.__frames = [];
    let last = 0;
    const tick = (time: number) => {
      if (last) win.__frames?.push(time - last);
      last = time;
      if ((win.__frames?.length ?? 0) < 2_000) win.requestAnimationFrame(tick);
    };
    win.requestAnimationFrame(tick);
  });
  for (let i = 0; i < 40; i++) {
    await page.mouse.wheel(i < 20 ? 120 : -40, 80);
    await page.waitForTimeout(16);
  }
  return page.evaluate(() => (globalThis as unknown as TimingWindow).__frames ?? []);
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-map-bench-'));
const server = await startWebServer({ dataDir });
const browser = await launchChromium();
try {
  const owner = new HttpClient(server.url);
  await owner.signUp('Bench', `bench-${Date.now()}@example.com`);
  const created = await owner.post('/?/create', { title: 'Big map', template: 'starter' });
  const boardId = /\/b\/([A-Za-z0-9_-]{16})$/.exec(created.headers.get('location') ?? '')?.[1];
  if (!boardId) throw new Error(`creating the board failed: ${created.status}`);
  const seeding = performance.now();
  await seed(owner, boardId);
  console.log(`seeded ${CARDS} cards in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

  const url = `${server.url}/b/${boardId}`;
  const [, cookie = ''] = owner.cookie.split('=');
  const cold: { ready: number; interactive: number }[] = [];
  const warm: { ready: number; interactive: number }[] = [];
  let typing: number[] = [];
  let frames: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await newContext(browser);
    await context.addCookies([{ name: 'jb_session', value: cookie, url: server.url }]);
    const page = await context.newPage();
    if (values['skip-offscreen']) {
      await page.addInitScript(() => {
        const doc = (
          globalThis as unknown as {
            document: {
              addEventListener(t: string, f: () => void): void;
              head: { append(n: unknown): void };
              createElement(t: string): { textContent: string };
            };
          }
        ).document;
        doc.addEventListener('DOMContentLoaded', () => {
          const style = doc.createElement('style');
          style.textContent =
            '.cell{content-visibility:auto;contain-intrinsic-size:auto 264px auto 120px}';
          doc.head.append(style);
        });
      });
    }
    cold.push(await openToInteractive(page, url));
    // Let the IndexedDB copy be written before the warm reload.
    await page.waitForTimeout(1_000);
    warm.push(await openToInteractive(page, url));
    typing = typing.concat(await typingLatency(page));
    frames = frames.concat(await scrollFrames(page));
    const cards = await page.locator('[data-card-id]').count();
    if (run === 0) console.log(`cards in the DOM: ${cards}`);
    await context.close();
  }

  console.log(`\n${CARDS} cards, ${RUNS} runs (headless Chromium, no GPU, 2 cores shared)`);
  const row = (label: string, xs: number[]) =>
    console.log(
      `${label.padEnd(42)} median ${ms(median(xs)).padStart(10)}   p95 ${ms(pct(xs, 95)).padStart(10)}   n=${xs.length}`,
    );
  row(
    'open → map on screen, cold',
    cold.map((r) => r.ready),
  );
  row(
    'open → card answers a click, cold',
    cold.map((r) => r.interactive),
  );
  row(
    'open → map on screen, warm (IndexedDB)',
    warm.map((r) => r.ready),
  );
  row(
    'open → card answers a click, warm',
    warm.map((r) => r.interactive),
  );
  row('typing: keydown → next frame', typing);
  row('scrolling: frame interval', frames);
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
// The stock provider's and fetch's sockets can keep Node alive for minutes after close.
process.exit(0);
