/**
 * The form of an email address that accounts are looked up and kept unique by: trimmed,
 * NFC and lower-cased the Unicode way. The one place this is decided: SQL `lower()` is
 * ASCII-only in SQLite and locale-bound in PostgreSQL, so the database stores this key
 * instead of computing one.
 */
export function emailKey(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}
