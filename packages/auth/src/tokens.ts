import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { getRandomValues } from 'node:crypto';

/** 20 random bytes in base32: 32 characters of [a-z2-7]. */
const TOKEN_PATTERN = /^[a-z2-7]{32}$/;

function randomBase32(bytes: number): string {
  return encodeBase32LowerCaseNoPadding(getRandomValues(new Uint8Array(bytes)));
}

/** A session or invite token: 160 bits of entropy, safe in cookies and URLs. */
export function generateSessionToken(): string {
  return randomBase32(20);
}

/** What is stored for a token: its SHA-256 in hex, so a leaked database grants nothing. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Cheap shape check so garbage from a cookie or URL never reaches the database. */
export function isWellFormedToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

/** Random url-safe id for users (15 bytes: 24 characters). */
export function generateId(): string {
  return randomBase32(15);
}
