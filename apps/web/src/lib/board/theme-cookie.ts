/**
 * The person's theme choice travels in a cookie so the server renders `data-theme` on
 * <html> from the first byte (no light flash before a dark page) on every page, signed
 * in or not. No cookie means "follow the system".
 */
export const THEME_COOKIE = 'journeyboard-theme';

export type ThemeChoice = 'light' | 'dark' | 'system';
export type StoredTheme = Exclude<ThemeChoice, 'system'>;

export function parseThemeCookie(value: string | undefined | null): StoredTheme | null {
  return value === 'light' || value === 'dark' ? value : null;
}

/** A year; Lax so the choice applies when someone follows a link into the app. */
export function themeCookieString(choice: ThemeChoice): string {
  if (choice === 'system') return `${THEME_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`;
  return `${THEME_COOKIE}=${choice}; Path=/; Max-Age=31536000; SameSite=Lax`;
}

/** Adds the choice to the rendered `<html …>` tag (hooks.server.ts transformPageChunk). */
export function withThemeAttribute(html: string, theme: StoredTheme | null): string {
  if (!theme) return html;
  return html.replace(/<html(\s|>)/, `<html data-theme="${theme}"$1`);
}
