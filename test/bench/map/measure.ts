// What the map bench measures inside a page: typing latency, frame intervals, remote edits
// arriving, heap. Each function installs its probe with page.evaluate and reads it back.
import type { Page } from 'playwright-core';

interface ProbeWindow {
  addEventListener(
    type: string,
    listener: (event: { timeStamp: number }) => void,
    capture?: boolean,
  ): void;
  requestAnimationFrame(callback: (time: number) => void): number;
  document: { querySelector(selector: string): { textContent: string | null } | null };
  __latencies?: number[];
  __frames?: number[];
  __keydowns?: number[];
  __seen?: [number, number][];
  __watching?: boolean;
  __scrolling?: boolean;
}

/** The nth card on screen: its id, after scrolling it into view. */
export async function cardIdAt(page: Page, index: number): Promise<string> {
  const card = page.locator('[role="grid"] [data-card-id]').nth(index);
  await card.scrollIntoViewIfNeeded();
  const id = await card.getAttribute('data-card-id');
  if (!id) throw new Error(`no card at ${index}`);
  return id;
}

/** Opens a card's text editor, caret at the end. */
export async function openEditor(page: Page, cardId: string): Promise<void> {
  const card = page.locator(`[role="grid"] [data-card-id="${cardId}"]`);
  await card.scrollIntoViewIfNeeded();
  await card.dblclick();
  const field = card.getByRole('textbox', { name: /^Card text/ });
  await field.waitFor();
  await field.press('End');
}

/** Installs the keydown → next frame probe (the frame that shows the typed character). */
export async function watchTyping(page: Page): Promise<void> {
  await page.evaluate(() => {
    const win = globalThis as unknown as ProbeWindow;
    win.__latencies = [];
    win.__keydowns = [];
    let down = 0;
    win.addEventListener(
      'keydown',
      (event) => {
        down = event.timeStamp;
        win.__keydowns?.push(globalThis.performance.timeOrigin + event.timeStamp);
      },
      true,
    );
    win.addEventListener(
      'input',
      () => {
        const from = down;
        win.requestAnimationFrame(() => {
          setTimeout(() => win.__latencies?.push(globalThis.performance.now() - from), 0);
        });
      },
      true,
    );
  });
}

/** Types into the open editor; returns keydown → next frame latencies (ms). */
export async function typeBurst(page: Page, text: string): Promise<number[]> {
  await page.evaluate(() => {
    (globalThis as unknown as ProbeWindow).__latencies = [];
    (globalThis as unknown as ProbeWindow).__keydowns = [];
  });
  await page.keyboard.type(text, { delay: 60 });
  await page.waitForTimeout(200);
  return page.evaluate(() => (globalThis as unknown as ProbeWindow).__latencies ?? []);
}

/** Epoch times (ms, sub-ms precise) of the keydowns of the last burst. */
export function keydownTimes(page: Page): Promise<number[]> {
  return page.evaluate(() => (globalThis as unknown as ProbeWindow).__keydowns ?? []);
}

/** Records, each frame, the length of a card's text as this page shows it. */
export async function watchCardText(page: Page, cardId: string): Promise<void> {
  await page.evaluate((id) => {
    const win = globalThis as unknown as ProbeWindow;
    win.__seen = [];
    win.__watching = true;
    let last = -1;
    const selector = `[role="grid"] [data-card-id="${id}"] p`;
    const tick = (time: number) => {
      const length = win.document.querySelector(selector)?.textContent?.length ?? -1;
      if (length !== last) win.__seen?.push([length, globalThis.performance.timeOrigin + time]);
      last = length;
      if (win.__watching) win.requestAnimationFrame(tick);
    };
    win.requestAnimationFrame(tick);
  }, cardId);
}

/** Stops watching; per typed character, when it was first shown (epoch ms). */
export async function seenTimes(page: Page, typed: number): Promise<number[]> {
  const seen = await page.evaluate(() => {
    const win = globalThis as unknown as ProbeWindow;
    win.__watching = false;
    return win.__seen ?? [];
  });
  const base = seen[0]?.[0] ?? 0;
  const times: number[] = [];
  for (let i = 1; i <= typed; i++) {
    times.push(seen.find(([length]) => length >= base + i)?.[1] ?? NaN);
  }
  return times;
}

/** Frame intervals while the map scrolls continuously (ms). */
export async function scrollFrames(page: Page): Promise<number[]> {
  const area = await page.locator('main').boundingBox();
  if (!area) throw new Error('no map area');
  await page.mouse.move(area.x + area.width / 2, area.y + area.height / 2);
  await page.evaluate(() => {
    const win = globalThis as unknown as ProbeWindow;
    win.__frames = [];
    win.__scrolling = true;
    let last = 0;
    const tick = (time: number) => {
      if (last) win.__frames?.push(time - last);
      last = time;
      if (win.__scrolling) win.requestAnimationFrame(tick);
    };
    win.requestAnimationFrame(tick);
  });
  for (let i = 0; i < 40; i++) {
    await page.mouse.wheel(i < 20 ? 120 : -40, 80);
    await page.waitForTimeout(16);
  }
  return page.evaluate(() => {
    (globalThis as unknown as ProbeWindow).__scrolling = false;
    return (globalThis as unknown as ProbeWindow).__frames ?? [];
  });
}

/** Live JS heap after a full garbage collection (MB). */
export async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / 1024 / 1024;
}

/** Cards the map has in the DOM. */
export function cardsInDom(page: Page): Promise<number> {
  return page.locator('[role="grid"] [data-card-id]').count();
}
