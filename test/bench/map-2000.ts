// The 2,000- and 5,000-card figures of the map editor (issues 4 and 20), measured in a
// real Chromium against the production build served by the one-process server. Prints
// numbers beside the targets of issue 20; it passes or fails nothing. Run after a web build:
//
//   ./jb pnpm --filter @journeyboard/web build
//   ./jb bench --map [--cards 2000,5000] [--runs 3] [--profile]
//
// Open to interactive: navigation start until the map is on screen (the app's
// `journeyboard:map-ready` mark) and a card answers a click, cold (empty browser
// storage) and warm (the IndexedDB copy is there). Typing latency: from each keydown in
// a card's editor to the first frame painted after its input event, alone and while a
// second person (a second browser context) types into another card on screen. Remote
// edit: from the second person's keydown to the first frame of the first person's page
// that shows the character. Scrolling: intervals between animation frames while the map
// is scrolled continuously and the second person types. Heap: used JS heap after a full
// GC. `--profile` adds a CPU profile of one typing burst (self time per function).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { HttpClient } from '../e2e/auth-helpers.ts';
import { launchChromium, newContext } from '../e2e/support/browser.ts';
import { seedCards } from '../e2e/support/seed-cards.ts';
import { startWebServer } from '../e2e/support/web-server.ts';
import {
  cardIdAt,
  cardsInDom,
  heapMb,
  keydownTimes,
  openEditor,
  scrollFrames,
  seenTimes,
  typeBurst,
  watchCardText,
  watchTyping,
} from './map/measure.ts';
import { printProfile, profileBurst } from './map/profile.ts';
import { printTable, type MapFigures } from './map/table.ts';

const { values } = parseArgs({
  options: {
    /** Board sizes, one board each. */
    cards: { type: 'string', default: '2000,5000' },
    runs: { type: 'string', default: '3' },
    profile: { type: 'boolean', default: false },
    /** Set by `./jb bench --map`. */
    map: { type: 'boolean', default: false },
  },
});
const SIZES = values.cards.split(',').map(Number);
const RUNS = Number(values.runs);
let CARDS = 0;

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

const TYPED = ' and then asks again about pricing tiers';

async function measureBoard(
  browser: Browser,
  serverUrl: string,
  cookie: string,
  boardId: string,
): Promise<MapFigures> {
  const url = `${serverUrl}/b/${boardId}`;
  const f: MapFigures = {
    cards: CARDS,
    runs: RUNS,
    coldReady: [],
    coldInteractive: [],
    warmReady: [],
    warmInteractive: [],
    typingAlone: [],
    typingTogether: [],
    scrollTogether: [],
    remoteVisible: [],
    heapMb: [],
    cardsInDom: [],
  };
  const open = async () => {
    const context = await newContext(browser);
    await context.addCookies([{ name: 'jb_session', value: cookie, url: serverUrl }]);
    return { context, page: await context.newPage() };
  };
  for (let run = 0; run < RUNS; run++) {
    const first = await open();
    const a = first.page;
    const cold = await openToInteractive(a, url);
    f.coldReady.push(cold.ready);
    f.coldInteractive.push(cold.interactive);
    // Let the IndexedDB copy be written before the warm reload.
    await a.waitForTimeout(1_000);
    const warm = await openToInteractive(a, url);
    f.warmReady.push(warm.ready);
    f.warmInteractive.push(warm.interactive);

    const mine = await cardIdAt(a, 40);
    const theirs = await cardIdAt(a, 44);
    await watchTyping(a);
    await openEditor(a, mine);
    f.typingAlone.push(...(await typeBurst(a, TYPED)));
    if (run === 0 && values.profile) {
      printProfile(
        `CPU profile, one typing burst alone (${CARDS} cards)`,
        await profileBurst(a, () => typeBurst(a, TYPED)),
      );
    }

    // The second person opens the board and types into a card the first one sees.
    const second = await open();
    const b = second.page;
    await b.goto(url);
    await b.locator('main[data-ready]').waitFor({ timeout: 60_000 });
    await watchTyping(b);
    await openEditor(b, theirs);
    await a.locator(`[data-card-id="${mine}"] textarea`).focus();
    await watchCardText(a, theirs);
    const [together] = await Promise.all([typeBurst(a, TYPED), typeBurst(b, TYPED)]);
    f.typingTogether.push(...together);
    const sent = await keydownTimes(b);
    const seen = await seenTimes(a, TYPED.length);
    f.remoteVisible.push(...sent.map((at, i) => (seen[i] ?? NaN) - at));
    if (run === 0 && values.profile) {
      printProfile(
        `CPU profile, one typing burst while a 2nd person types (${CARDS} cards)`,
        await profileBurst(a, () => Promise.all([typeBurst(a, TYPED), typeBurst(b, TYPED)])),
      );
    }

    await a.keyboard.press('Escape');
    const frames = scrollFrames(a);
    const typing = typeBurst(b, TYPED);
    f.scrollTogether.push(...(await frames));
    await typing;
    f.heapMb.push(await heapMb(a));
    f.cardsInDom.push(await cardsInDom(a));
    await second.context.close();
    await first.context.close();
  }
  return f;
}

const loadAverage = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');

const dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-map-bench-'));
const server = await startWebServer({ dataDir });
const browser = await launchChromium();
try {
  const owner = new HttpClient(server.url);
  await owner.signUp('Bench', `bench-${Date.now()}@example.com`);
  const [, cookie = ''] = owner.cookie.split('=');
  for (const size of SIZES) {
    CARDS = size;
    const created = await owner.post('/?/create', { title: 'Big map', template: 'starter' });
    const boardId = /\/b\/([A-Za-z0-9_-]{16})$/.exec(created.headers.get('location') ?? '')?.[1];
    if (!boardId) throw new Error(`creating the board failed: ${created.status}`);
    const seeding = performance.now();
    await seedCards(owner, boardId, CARDS);
    console.log(`seeded ${CARDS} cards in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
    const before = loadAverage();
    const figures = await measureBoard(browser, server.url, cookie, boardId);
    printTable(figures, `load average ${before} before, ${loadAverage()} after (1, 5, 15 min)`);
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
// The stock provider's and fetch's sockets can keep Node alive for minutes after close.
process.exit(0);
