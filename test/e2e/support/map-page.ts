import { RECONNECT_MAX_MS } from '@journeyboard/protocol';
import type { Page } from 'playwright-core';

/** Adds a card through the map's "Add card" button of one cell, as a person would. */
export async function addCard(page: Page, place: string, text: string): Promise<void> {
  await page.getByRole('button', { name: `Add card to ${place}` }).click();
  const field = page.getByRole('textbox', { name: `New card in ${place}` });
  await field.fill(text);
  await field.press('Enter');
  await field.press('Escape');
}

/**
 * Waits until the page is connected again after the server came back: clients retry with
 * a jittered backoff of up to RECONNECT_MAX_MS, on top of the usual wait.
 */
export async function waitForReconnect(page: Page, timeoutMs: number): Promise<void> {
  await page
    .locator('[data-connection="connected"]')
    .waitFor({ timeout: RECONNECT_MAX_MS + timeoutMs });
}
