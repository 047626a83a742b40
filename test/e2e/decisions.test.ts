import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addKpi, readBoard } from '@journeyboard/model';
import { HttpClient, openProvider, whenSynced } from './auth-helpers.ts';
import { ConsoleWatch, launchChromium, newContext, screenshot } from './support/browser.ts';
import { startWebServer, type WebServer } from './support/web-server.ts';

const TIMEOUT = 8_000;
const FRICTION = 'Setup takes two weeks';
const DAY = 24 * 60 * 60 * 1000;

describe('decisions: initiatives, keepers, KPIs and the idea inbox', () => {
  const consoleWatch = new ConsoleWatch();
  const contexts: BrowserContext[] = [];
  let dataDir: string;
  let server: WebServer;
  let browser: Browser;
  let boardUrl: string;
  let boardId: string;
  const accounts: Record<'ana' | 'bruno' | 'carla', HttpClient> = {} as never;
  let ana: Page;
  let bruno: Page;
  let carla: Page;

  const openAs = async (name: 'ana' | 'bruno' | 'carla') => {
    const context = await newContext(browser);
    contexts.push(context);
    const [, value = ''] = accounts[name].cookie.split('=');
    await context.addCookies([{ name: 'jb_session', value, url: server.url }]);
    const page = consoleWatch.watch(await context.newPage(), name);
    await page.goto(boardUrl);
    await page.locator('[data-connection="connected"]').waitFor({ timeout: TIMEOUT });
    await page.locator('[data-stage-header]').first().waitFor({ timeout: TIMEOUT });
    return page;
  };
  const stageHeader = (page: Page, stage: string) =>
    page.locator('[data-stage-header]', { hasText: stage });
  const cell = (page: Page, lane: string, stage: string) =>
    page.getByRole('gridcell', { name: `${lane}, ${stage}`, exact: true });
  const openDecisions = async (page: Page, tab: string) => {
    if ((await page.locator('[data-decisions-panel]').count()) === 0) {
      await page.locator('[data-decisions-toggle]').click();
    }
    await page.locator(`[data-decisions-tab="${tab}"]`).click();
  };
  const closeDecisions = (page: Page) =>
    page.getByRole('button', { name: 'Close decisions' }).click();

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-decisions-'));
    [server, browser] = await Promise.all([startWebServer({ dataDir }), launchChromium()]);
    accounts.ana = new HttpClient(server.url);
    accounts.bruno = new HttpClient(server.url);
    accounts.carla = new HttpClient(server.url);
    await accounts.ana.signUp('Ana Lima', `ana-${Date.now()}@example.com`);
    boardId = await accounts.ana.createBoard('Onboarding decisions', 'starter');
    boardUrl = `${server.url}/b/${boardId}`;
    await accounts.bruno.signUp('Bruno Souza', `bruno-${Date.now()}@example.com`);
    await accounts.bruno.join(accounts.ana, boardId, 'editor');
    await accounts.carla.signUp('Carla Dias', `carla-${Date.now()}@example.com`);
    await accounts.carla.join(accounts.ana, boardId, 'commenter');
    [ana, bruno, carla] = await Promise.all([openAs('ana'), openAs('bruno'), openAs('carla')]);
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('flags stages without a keeper until one is chosen', async () => {
    await expect.poll(() => ana.locator('[data-no-keeper]').count()).toBe(5);
    // The flag is an icon that names itself; the stage name keeps its room at 100% zoom.
    const flag = stageHeader(ana, 'Perceived value').locator('[data-no-keeper]');
    expect(await flag.getAttribute('title')).toContain('No keeper');
    expect(await flag.getAttribute('aria-label')).toBe('Perceived value has no keeper: choose one');
    const name = stageHeader(ana, 'Perceived value').locator('.name');
    const fits = (el: { scrollWidth: number; clientWidth: number }) =>
      el.scrollWidth <= el.clientWidth;
    expect(await name.evaluate(fits)).toBe(true);
    await stageHeader(ana, 'Onboarding').locator('[data-no-keeper]').click();
    await stageHeader(ana, 'Onboarding')
      .locator('[data-keeper-select]')
      .selectOption({ label: 'Bruno Souza' });
    // Everyone sees the keeper's initials instead of the flag.
    for (const page of [ana, bruno, carla]) {
      await expect
        .poll(() => stageHeader(page, 'Onboarding').locator('[data-keeper]').textContent(), {
          timeout: TIMEOUT,
        })
        .toContain('BS');
      await expect.poll(() => page.locator('[data-no-keeper]').count()).toBe(4);
    }
    await screenshot(ana, 'decisions-keeper-flags');
  });

  it('turns a friction card into an initiative, stops it with a reason, and keeps it in the matrix', async () => {
    // Bruno flags a friction point; everyone sees him credited on the card.
    await bruno.getByRole('button', { name: 'Add card to Friction points, Onboarding' }).click();
    const field = bruno.getByRole('textbox', { name: 'New card in Friction points, Onboarding' });
    await field.fill(FRICTION);
    await field.press('Enter');
    await field.press('Escape');
    const anaCard = ana.locator('[data-card-id]', { hasText: FRICTION });
    await expect
      .poll(() => anaCard.locator('[data-raised-by]').textContent(), { timeout: TIMEOUT })
      .toContain('Raised by Bruno Souza');

    // Ana makes it an initiative from the ranked list, owned by Bruno.
    await openDecisions(ana, 'priorities');
    const ranked = ana.locator('[data-ranked-card]', { hasText: FRICTION });
    await ranked.locator('[data-make-initiative]').click();
    const form = ana.locator('[data-initiative-form]');
    await form.locator('[data-initiative-title]').fill('Self-serve SSO setup');
    await form.locator('[data-initiative-owner]').selectOption({ label: 'Bruno Souza' });
    await form.locator('[data-initiative-impact]').selectOption('5');
    await form.locator('[data-initiative-effort]').selectOption('2');
    await screenshot(ana, 'decisions-initiative-form');
    await form.locator('[data-create-initiative]').click();

    const item = ana.locator('[data-initiative-id]', { hasText: 'Self-serve SSO setup' });
    await item.waitFor({ timeout: TIMEOUT });
    expect(await item.getAttribute('data-status')).toBe('proposed');
    expect(await item.locator('[data-initiative-raised-by]').textContent()).toContain(
      'Bruno Souza',
    );
    // Details stay editable: a second look puts the effort at 4.
    await item.locator('[data-edit-initiative]').click();
    await item.getByLabel('Effort').selectOption('4');
    await expect.poll(() => item.locator('dl').textContent()).toContain('5 / 4');
    await item.locator('[data-edit-initiative]').click();
    await item.locator('[data-status-to="active"]').click();
    await expect.poll(() => item.getAttribute('data-status')).toBe('active');

    // Stopping without a reason is refused, visibly; with one, it is kept in the history.
    await item.locator('[data-stop]').click();
    await item.locator('[data-confirm-stop]').click();
    await expect
      .poll(() => item.getByRole('alert').textContent())
      .toContain('stopping an initiative needs a reason');
    expect(await item.getAttribute('data-status')).toBe('active');
    await screenshot(ana, 'decisions-stop-needs-reason');
    await item.locator('[data-stop-reason]').fill('SSO vendor ships self-serve setup next month');
    await item.locator('[data-confirm-stop]').click();
    await expect.poll(() => item.getAttribute('data-status')).toBe('stopped');
    await item.locator('[data-initiative-learnt]').fill('Check vendor roadmaps before building');
    await item.locator('[data-initiative-learnt]').blur();
    await item.locator('summary', { hasText: 'History' }).click();
    expect(await item.locator('[data-history-reason]').textContent()).toBe(
      'SSO vendor ships self-serve setup next month',
    );
    const dot = ana.locator('[data-matrix] [data-matrix-item]');
    expect(await dot.count()).toBe(1);
    expect(await dot.getAttribute('data-status')).toBe('stopped');
    await screenshot(ana, 'decisions-initiative-stopped');

    // Bruno sees the same stopped initiative, its reason and what was learnt; the
    // recognition list credits him.
    await openDecisions(bruno, 'initiatives');
    const brunoItem = bruno.locator('[data-initiative-id]', { hasText: 'Self-serve SSO setup' });
    await expect
      .poll(() => brunoItem.getAttribute('data-status'), { timeout: TIMEOUT })
      .toBe('stopped');
    await expect
      .poll(() => brunoItem.locator('[data-initiative-learnt]').inputValue(), { timeout: TIMEOUT })
      .toBe('Check vendor roadmaps before building');
    await openDecisions(bruno, 'people');
    const credit = bruno.locator('[data-recognition-user]').first();
    expect(await credit.textContent()).toContain('Bruno Souza (you)');
    expect(await credit.locator('[data-recognition-initiatives]').textContent()).toBe('1');
    await screenshot(bruno, 'decisions-recognition');
    await Promise.all([closeDecisions(ana), closeDecisions(bruno)]);
  });

  it('records a stage KPI and draws its trend in the KPI lane', async () => {
    const kpiCell = cell(ana, 'KPIs', 'Onboarding');
    await kpiCell.locator('[data-add-kpi]').click();
    await kpiCell.locator('[data-kpi-name]').fill('Activation rate');
    await kpiCell.locator('[data-kpi-unit]').fill('%');
    await kpiCell.locator('[data-kpi-target]').fill('60');
    await kpiCell.locator('[data-kpi-first]').fill('41');
    await kpiCell.getByRole('button', { name: 'Add KPI' }).click();
    for (const value of ['48', '55']) {
      await kpiCell.locator('[data-kpi-update]').click();
      await kpiCell.locator('[data-kpi-value]').fill(value);
      await kpiCell.locator('[data-kpi-value]').press('Enter');
    }
    for (const page of [ana, carla]) {
      const kpi = cell(page, 'KPIs', 'Onboarding').locator('[data-kpi-id]');
      await expect
        .poll(() => kpi.locator('[data-sparkline]').getAttribute('data-points'), {
          timeout: TIMEOUT,
        })
        .toBe('3');
      expect(await kpi.locator('[data-kpi-current]').textContent()).toBe('55 %');
      expect(await kpi.getAttribute('data-stale')).toBeNull();
      await kpi.locator('summary', { hasText: 'History' }).click();
      expect(await kpi.locator('[data-kpi-history] li').allTextContents()).toEqual([
        expect.stringMatching(/^55 · (You|Ana Lima) · just now$/),
        expect.stringMatching(/^48 · /),
        expect.stringMatching(/^41 · /),
      ]);
      expect(await kpi.locator('polyline').getAttribute('points')).toMatch(/^[\d.]+,[\d.]+ /);
    }
    // Commenters read KPIs but get no edit controls.
    expect(await cell(carla, 'KPIs', 'Onboarding').locator('[data-kpi-update]').count()).toBe(0);

    // A KPI last updated 45 days ago (written by another client) is flagged as stale.
    const provider = openProvider(server.url, boardId, accounts.ana.cookie);
    try {
      await whenSynced(provider);
      const activation = readBoard(provider.doc).stages.find((s) => s.name === 'Activation');
      if (!activation) throw new Error('no Activation stage');
      addKpi(
        provider.doc,
        { stageId: activation.id, name: 'Days to first value', unit: 'days', value: 12 },
        { userId: 'seed' },
        { now: Date.now() - 45 * DAY },
      );
      const stale = cell(ana, 'KPIs', 'Activation').locator('[data-kpi-id][data-stale]');
      await stale.waitFor({ timeout: TIMEOUT });
      expect(await stale.textContent()).toContain('Stale');
    } finally {
      provider.destroy();
    }
    await kpiCell.scrollIntoViewIfNeeded();
    await screenshot(ana, 'decisions-kpi-trend');
  });

  it('lets a commenter submit an idea that the stage keeper puts on the map', async () => {
    await openDecisions(carla, 'ideas');
    await carla.getByText('Friction observation', { exact: true }).click();
    await carla.locator('[data-idea-stage]').selectOption({ label: 'Onboarding' });
    await carla.locator('[data-idea-text]').fill('Customers ask support where the invoices are');
    await carla.locator('[data-submit-idea]').click();
    await carla.getByRole('status').filter({ hasText: 'Sent' }).waitFor({ timeout: TIMEOUT });
    await screenshot(carla, 'decisions-idea-submitted');

    // Ana is not the keeper of Onboarding: she sees who will triage it.
    await openDecisions(ana, 'ideas');
    const anaIdea = ana.locator('[data-idea-id]', { hasText: 'invoices' });
    await anaIdea.waitFor({ timeout: TIMEOUT });
    expect(await anaIdea.textContent()).toContain('Waiting for Bruno Souza (keeper)');
    expect(await anaIdea.locator('[data-accept-idea]').count()).toBe(0);

    // Bruno, the keeper, puts it on the map in the friction lane.
    await openDecisions(bruno, 'ideas');
    const idea = bruno.locator('[data-idea-id]', { hasText: 'invoices' });
    await idea.waitFor({ timeout: TIMEOUT });
    await screenshot(bruno, 'decisions-idea-inbox');
    expect(await idea.locator('[data-idea-lane] option:checked').textContent()).toBe(
      'Friction points',
    );
    await idea.locator('[data-accept-idea]').click();
    await closeDecisions(bruno);
    for (const page of [ana, bruno, carla]) {
      const card = cell(page, 'Friction points', 'Onboarding').locator('[data-card-id]', {
        hasText: 'invoices',
      });
      await expect
        .poll(() => card.locator('[data-raised-by]').textContent(), { timeout: TIMEOUT })
        .toMatch(/Raised by (Carla Dias|You)/);
    }
    await expect
      .poll(() => ana.locator('[data-idea-id][data-outcome="accepted"]').count(), {
        timeout: TIMEOUT,
      })
      .toBe(1);
    await closeDecisions(ana);
    await screenshot(carla, 'decisions-idea-on-map');
    expect(consoleWatch.unexpected()).toEqual([]);
  });
});
