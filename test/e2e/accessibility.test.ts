import { getCardText, setCardText } from '@journeyboard/model';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openProvider, whenSynced } from './auth-helpers.ts';
import { seriousAxeViolations } from './support/axe.ts';
import { screenshot } from './support/browser.ts';
import { BoardWorld, onCanvas, onMap, TIMEOUT, VIEWPORTS } from './support/board-world.ts';

const desktop = VIEWPORTS[2]!;

// WCAG 2.2 AA where a machine can tell (axe-core, both themes, every page), and what it
// cannot: the map is one tab stop, every panel is reachable and usable by keyboard,
// remote changes to the focused card are announced, the theme is the server's first byte.
describe('accessibility', () => {
  const world = new BoardWorld();

  beforeAll(async () => {
    await world.start('a11y');
    await world.startVote();
  }, 90_000);

  afterAll(async () => {
    await world.stop();
    expect(world.consoleWatch.unexpected()).toEqual([]);
  });

  const pages = () => [
    { name: 'boards', who: 'owner' as const, path: '/' },
    { name: 'map', who: 'owner' as const, path: `/b/${world.boardId}` },
    { name: 'canvas', who: 'owner' as const, path: `/b/${world.boardId}/canvas` },
    { name: 'votes', who: 'viewer' as const, path: `/b/${world.boardId}/votes` },
    { name: 'members', who: 'owner' as const, path: `/b/${world.boardId}/members` },
    { name: 'account', who: 'owner' as const, path: '/account' },
    { name: 'admin', who: 'owner' as const, path: '/admin' },
    { name: 'signin', who: null, path: '/signin' },
    { name: 'signup', who: null, path: '/signup' },
    { name: 'forgot', who: null, path: '/forgot' },
  ];

  async function settle(page: Page, name: string) {
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: TIMEOUT });
    if (name === 'map') await onMap(page);
    if (name === 'canvas') await onCanvas(page);
  }

  for (const theme of ['light', 'dark'] as const) {
    it(`axe finds nothing serious on any page in the ${theme} theme`, async () => {
      const found: Record<string, unknown> = {};
      for (const { name, who, path } of pages()) {
        const page = await world.open(who, desktop, theme);
        await page.goto(world.url(path));
        await settle(page, name);
        const problems = await seriousAxeViolations(page);
        if (problems.length > 0) found[name] = problems;
        if (name === 'map') {
          // Each panel, open, in this theme.
          for (const toggle of ['Stories (1)', 'Decisions', 'Votes a session is open', 'History']) {
            await page.getByRole('button', { name: toggle, exact: true }).click();
            await page.locator('aside.side-panel').waitFor({ timeout: TIMEOUT });
            const inPanel = await seriousAxeViolations(page);
            if (inPanel.length > 0) found[`map + ${toggle}`] = inPanel;
          }
          await screenshot(page, `a11y-${theme}-map-panel`);
        }
        await screenshot(page, `a11y-${theme}-${name}`);
        await page.context().close();
      }
      expect(found).toEqual({});
    }, 120_000);
  }

  it('the server renders the chosen theme (no flash), and the choice follows to every page', async () => {
    const page = await world.open('owner', desktop, 'light');
    await page.goto(world.url('/'));
    await settle(page, 'boards');
    expect(await page.locator('html').getAttribute('data-theme')).toBeNull();
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    // The HTML itself, before any script: what the server sent.
    const html = await (await page.request.get(world.url('/account'))).text();
    expect(html).toMatch(/<html data-theme="dark"/);
    await page.goto(world.url(`/b/${world.boardId}/canvas`));
    await onCanvas(page);
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    // tldraw follows: its container carries its dark class.
    await page.locator('.tl-container.tl-theme__dark').waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'a11y-dark-canvas-chosen');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await page.locator('.tl-container.tl-theme__light').waitFor({ timeout: TIMEOUT });
    await page.context().close();
  });

  it('crosses the map in at most 5 Tab presses, and arrows move inside it', async () => {
    const page = await world.open('owner', desktop);
    await page.goto(world.url(`/b/${world.boardId}`));
    await onMap(page);
    const inMap = () =>
      page.evaluate<boolean>(`document.activeElement?.closest('[role="grid"]') != null`);
    // From the last control before the map (Share), Tab through the band above it (mission,
    // personas); count the presses from the one that enters the grid to the one that leaves.
    await page.getByRole('button', { name: 'Share', exact: true }).focus();
    let crossing = 0;
    let sawCell = false;
    for (let presses = 0; presses < 60; presses++) {
      await page.keyboard.press('Tab');
      const inside = await inMap();
      if (inside || crossing > 0) crossing++;
      if (!inside && crossing > 0) break;
      const onCell = await page.evaluate<boolean>(
        `document.activeElement?.hasAttribute('data-nav-row') ?? false`,
      );
      if (inside && onCell && !sawCell) {
        sawCell = true;
        // Arrows move between cells and stay in the grid.
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowDown');
        expect(await inMap()).toBe(true);
      }
    }
    expect(sawCell).toBe(true);
    expect(await inMap()).toBe(false);
    expect(crossing).toBeGreaterThan(0);
    expect(crossing).toBeLessThanOrEqual(5);
    await page.context().close();
  });

  it('reaches and uses every panel with the keyboard, and lists the shortcuts on ?', async () => {
    const page = await world.open('owner', desktop);
    await page.goto(world.url(`/b/${world.boardId}`));
    await onMap(page);
    const isFocused = (selector: string) =>
      page.evaluate<boolean>(
        `document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`,
      );
    for (const [panel, close] of [
      ['stories', 'Close stories'],
      ['decisions', 'Close decisions'],
      ['votes', 'Close votes'],
      ['history', 'Close history'],
    ] as const) {
      const toggle = `[aria-controls="${panel}-panel"]`;
      const closer = `[aria-label="${close}"]`;
      await page.evaluate('document.activeElement?.blur()');
      let presses = 0;
      while (!(await isFocused(toggle)) && presses < 60) {
        await page.keyboard.press('Tab');
        presses++;
      }
      expect(await isFocused(toggle), `Tab reaches the ${panel} button`).toBe(true);
      await page.keyboard.press('Enter');
      await page.locator(`[data-${panel}-panel]`).waitFor({ timeout: TIMEOUT });
      // Into the panel: its close button comes first, and it works.
      presses = 0;
      while (!(await isFocused(closer)) && presses < 10) {
        await page.keyboard.press('Tab');
        presses++;
      }
      expect(await isFocused(closer), `Tab reaches ${close}`).toBe(true);
      if (panel === 'stories' || panel === 'votes') {
        // Escape from inside closes it too, and focus goes back to the panel's button.
        await page.keyboard.press('Tab');
        await page.keyboard.press('Escape');
        await page
          .locator(`[data-${panel}-panel]`)
          .waitFor({ state: 'detached', timeout: TIMEOUT });
        expect(await isFocused(toggle)).toBe(true);
      } else {
        await page.keyboard.press('Enter');
        await page
          .locator(`[data-${panel}-panel]`)
          .waitFor({ state: 'detached', timeout: TIMEOUT });
      }
    }
    await page.locator('main').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'a11y-shortcuts');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT });
    await page.context().close();
  });

  it('announces another person’s change to the focused card', async () => {
    const page = await world.open('owner', desktop);
    await page.goto(world.url(`/b/${world.boardId}`));
    await onMap(page);
    await page.locator(`[data-card-id="${world.cardId}"]`).focus();
    const provider = openProvider(world.server.url, world.boardId, world.owner.cookie);
    try {
      await whenSynced(provider);
      expect(getCardText(provider.doc, world.cardId).toJSON()).toMatch(/twice/);
      setCardText(provider.doc, world.cardId, 'Checkout asks once now', { userId: 'other' });
      await vi.waitFor(
        async () =>
          expect(await page.locator('[data-card-announcer]').textContent()).toContain(
            'It now reads: Checkout asks once now',
          ),
        { timeout: TIMEOUT },
      );
      expect(await page.locator('[data-card-announcer]').getAttribute('aria-live')).toBe('polite');
    } finally {
      provider.destroy();
    }
    await page.context().close();
  });

  it('a viewer’s Ctrl+A on the canvas does not select the page’s text', async () => {
    const page = await world.open('viewer', desktop);
    await page.goto(world.url(`/b/${world.boardId}/canvas`));
    await onCanvas(page);
    await page.locator('.tl-canvas').click({ position: { x: 200, y: 200 } });
    await page.keyboard.press('Control+a');
    expect(await page.evaluate<string>(`window.getSelection()?.toString() ?? ''`)).toBe('');
    await page.context().close();
  });

  it('honours reduced motion', async () => {
    const page = await world.open('owner', desktop);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(world.url('/'));
    await settle(page, 'boards');
    const duration = await page.evaluate<string[]>(`(() => {
      const probe = document.createElement('div');
      probe.style.transition = 'opacity 300ms';
      probe.style.animation = 'x 2s infinite';
      document.body.append(probe);
      const style = getComputedStyle(probe);
      return [style.transitionDuration, style.animationDuration];
    })()`);
    expect(duration).toEqual(['1e-05s', '1e-05s']);
    await page.context().close();
  });
});
