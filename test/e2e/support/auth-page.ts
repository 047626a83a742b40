import type { Page } from 'playwright-core';

const TIMEOUT = 10_000;

/**
 * Fills the sign-up form on the page, then signs in: sign-up opens no session (it answers
 * a taken address like a new one), so the app sends everyone to sign in next.
 */
export async function signUpInBrowser(
  page: Page,
  {
    name,
    email,
    password = 'correct horse battery',
  }: { name: string; email: string; password?: string },
): Promise<void> {
  await page.getByLabel('Display name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/signin\?registered=1/, { timeout: TIMEOUT });
  await page.getByRole('status').getByText('Your account is ready').waitFor({ timeout: TIMEOUT });
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
