import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { describe, expect, it } from 'vitest';
import { generateId, generateSessionToken, hashToken, isWellFormedToken } from './tokens.ts';

describe('tokens', () => {
  it('generates 20-byte tokens as 32 lower-case base32 characters', () => {
    const token = generateSessionToken();
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(isWellFormedToken(token)).toBe(true);
  });

  it('never repeats a token', () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateSessionToken));
    expect(tokens.size).toBe(1000);
  });

  it('hashes a token to the hex SHA-256 of its UTF-8 bytes', () => {
    const token = generateSessionToken();
    const expected = encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
    expect(hashToken(token)).toBe(expected);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects strings that are not shaped like a token', () => {
    for (const bad of ['', 'short', 'A'.repeat(32), `${'a'.repeat(31)}1`, 'a'.repeat(33)]) {
      expect(isWellFormedToken(bad)).toBe(false);
    }
  });

  it('generates url-safe user ids', () => {
    expect(generateId()).toMatch(/^[a-z2-7]{24}$/);
  });
});
