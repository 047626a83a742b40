import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.ts';
import {
  BoardWorld,
  isPhone,
  onCanvas,
  onMap,
  sidewaysOverflow,
  TIMEOUT,
  VIEWPORTS,
} from './support/board-world.ts';

// A phone (390), a tablet (768) and a laptop (1440): nothing wider than the window, every
// header action within reach (through the Menu on a phone), a screenshot of each view.
describe('phones, tablets and desktops', () => {
  const world = new BoardWorld();

  beforeAll(async () => {
    await world.start('responsive');
    await world.startVote();
  }, 90_000);

  afterAll(async () => {
    await world.stop();
    expect(world.consoleWatch.unexpected()).toEqual([]);
  });

  /** On a phone, opens the header's Menu (once) so the actions can be reached. */
  async function openMenu(page: Page) {
    if (!isPhone(page)) return;
    const menu = page.locator('[data-app-menu]');
    if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  }

  /** Fails unless a tap or click would reach the control (on screen, nothing over it). */
  async function reachable(page: Page, name: string, role: 'button' | 'link' = 'button') {
    await openMenu(page);
    const control = page.getByRole(role, { name, exact: true }).first();
    await control.scrollIntoViewIfNeeded({ timeout: 2_000 });
    await control.click({ trial: true, timeout: 2_000 });
    const box = await control.boundingBox();
    if (isPhone(page))
      expect(box?.height, `${name} is a 44 px touch target`).toBeGreaterThanOrEqual(44);
  }

  for (const viewport of VIEWPORTS) {
    const tag = `${viewport.name}-${viewport.width}`;
    const fits = async (page: Page, what: string) =>
      expect(await sidewaysOverflow(page), `${what} at ${viewport.width}px`).toBeLessThanOrEqual(0);

    describe(`at ${viewport.width}×${viewport.height}`, () => {
      let page: Page;
      let guest: Page;

      beforeAll(async () => {
        [page, guest] = await Promise.all([
          world.open('owner', viewport),
          world.open('viewer', viewport),
        ]);
      }, 30_000);

      it('the board list fits', async () => {
        await page.goto(world.url('/'));
        await page
          .getByRole('link', { name: 'Trial to paid' })
          .first()
          .waitFor({ timeout: TIMEOUT });
        await fits(page, 'board list');
        await screenshot(page, `responsive-${tag}-boards`);
        await reachable(page, 'Sign out');
        await screenshot(page, `responsive-${tag}-boards-menu`);
      });

      it('the map fits and every header action is within reach', async () => {
        // Someone else on the board, so "Bring everyone to me" is offered.
        await guest.goto(world.url(`/b/${world.boardId}`));
        await page.goto(world.url(`/b/${world.boardId}`));
        await Promise.all([onMap(page), onMap(guest)]);
        await fits(page, 'map');
        await screenshot(page, `responsive-${tag}-map`);
        if (isPhone(page)) {
          // The frozen lane column keeps to 30% of the width; a stage's cards beside it.
          const lane = await page.locator('[data-lane-header]').first().boundingBox();
          expect(lane?.width ?? 999).toBeLessThanOrEqual(viewport.width * 0.3);
        }
        for (const name of [
          'Stories (1)',
          'Decisions',
          'Votes a session is open',
          'History',
          'Export',
          'Share',
          'Sign out',
          'Bring everyone to me',
          'Switch to dark theme',
          'Keyboard shortcuts',
        ]) {
          await reachable(page, name);
        }
        await reachable(page, 'Canvas', 'link');
        await fits(page, 'map with the menu open');
        await screenshot(page, `responsive-${tag}-map-menu`);
      });

      for (const [panel, toggle, close] of [
        ['stories', 'Stories (1)', 'Close stories'],
        ['decisions', 'Decisions', 'Close decisions'],
        ['votes', 'Votes a session is open', 'Close votes'],
        ['history', 'History', 'Close history'],
      ] as const) {
        it(`the ${panel} panel fits, and closes`, async () => {
          await openMenu(page);
          await page.getByRole('button', { name: toggle, exact: true }).first().click();
          const aside = page.locator(`[data-${panel}-panel]`);
          await aside.waitFor({ timeout: TIMEOUT });
          await fits(page, `${panel} panel`);
          const box = await aside.boundingBox();
          if (isPhone(page)) {
            // A full-screen sheet on a phone.
            expect(box?.width).toBe(viewport.width);
            expect(box?.x).toBe(0);
          }
          await screenshot(page, `responsive-${tag}-panel-${panel}`);
          await page.getByRole('button', { name: close }).click({ timeout: 2_000 });
          await aside.waitFor({ state: 'detached', timeout: TIMEOUT });
        });
      }

      it('comments on a card open where a thumb reaches them', async () => {
        const card = page.locator(`[data-card-id="${world.cardId}"]`);
        await card.scrollIntoViewIfNeeded();
        await card.click();
        // "Comment on this card", or "N comments" once an earlier width has posted one.
        await card
          .getByRole('button', { name: /comment/i })
          .first()
          .click();
        const dialog = page.getByRole('dialog', { name: 'Comments on this card' });
        await dialog.waitFor({ timeout: TIMEOUT });
        await fits(page, 'comments');
        const box = await dialog.boundingBox();
        if (isPhone(page)) {
          // A sheet along the bottom edge, the whole width.
          expect(box!.width).toBeGreaterThanOrEqual(viewport.width - 1);
          expect(box!.y + box!.height).toBeGreaterThan(viewport.height - 2);
        } else {
          expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
        }
        await dialog.locator('[data-comment-input]').pressSequentially(`From the ${tag}`);
        await dialog.getByRole('button', { name: 'Comment', exact: true }).click();
        await dialog.getByText(`From the ${tag}`).first().waitFor({ timeout: TIMEOUT });
        await screenshot(page, `responsive-${tag}-comments`);
        await dialog.getByRole('button', { name: 'Close comments' }).click();
        await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT });
      });

      it('the canvas fits with the card tray and tldraw’s own toolbar', async () => {
        await page.goto(world.url(`/b/${world.boardId}/canvas`));
        await onCanvas(page);
        await fits(page, 'canvas');
        const tray = await page.locator('.tray').boundingBox();
        expect(tray).not.toBeNull();
        if (isPhone(page)) {
          // The tray is a bottom sheet under the canvas, not a column beside it.
          expect(tray!.width).toBeGreaterThanOrEqual(viewport.width - 1);
          expect(tray!.y + tray!.height).toBeGreaterThan(viewport.height - 4);
        }
        // tldraw's toolbar is on screen in full.
        const toolbar = await page.locator('.tlui-main-toolbar').first().boundingBox();
        expect(toolbar).not.toBeNull();
        expect(toolbar!.x).toBeGreaterThanOrEqual(0);
        expect(toolbar!.x + toolbar!.width).toBeLessThanOrEqual(viewport.width);
        await screenshot(page, `responsive-${tag}-canvas`);
      });

      it('the voting page fits and a ballot is one thumb away', async () => {
        await guest.goto(world.url(`/b/${world.boardId}/votes`));
        await guest.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: TIMEOUT });
        await fits(guest, 'voting page');
        const add = guest.getByRole('button', { name: /^Add a vote/ }).first();
        await add.waitFor({ timeout: TIMEOUT });
        const box = await add.boundingBox();
        expect(box?.height).toBeGreaterThanOrEqual(isPhone(guest) ? 44 : 20);
        expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(viewport.width);
        await add.click();
        await guest.locator('[data-my-votes]').first().getByText('1').waitFor({ timeout: TIMEOUT });
        await screenshot(guest, `responsive-${tag}-votes`);
        await guest.getByRole('button', { name: 'Take back a vote' }).first().click();
        await guest.locator('[data-my-votes]').first().getByText('0').waitFor({ timeout: TIMEOUT });
      });

      it('account and admin pages fit', async () => {
        for (const pathname of ['/account', '/admin']) {
          await page.goto(world.url(pathname));
          await page
            .locator('html[data-hydrated]')
            .waitFor({ state: 'attached', timeout: TIMEOUT });
          await fits(page, pathname);
          await screenshot(page, `responsive-${tag}${pathname.replace('/', '-')}`);
        }
      });
    });
  }
});
