import { describe, expect, it } from 'vitest';
import { assertPasswordAcceptable, hashPassword, verifyPassword } from './password.ts';
import { WeakPasswordError } from './errors.ts';

describe('passwords', () => {
  it('hashes with argon2id and the chosen cost', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });

  it('verifies the right password', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
  });

  it('rejects a wrong password', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(await verifyPassword(hash, 'Correct horse battery staple')).toBe(false);
  });

  it('treats composed and decomposed Unicode as the same password', async () => {
    const hash = await hashPassword('caf\u00e9-au-lait');
    expect(await verifyPassword(hash, 'cafe\u0301-au-lait')).toBe(true);
  });

  it('refuses passwords shorter than 8 or longer than 256 characters', () => {
    expect(() => assertPasswordAcceptable('1234567')).toThrow(WeakPasswordError);
    expect(() => assertPasswordAcceptable('x'.repeat(257))).toThrow(WeakPasswordError);
    expect(() => assertPasswordAcceptable('ab3$5x7z')).not.toThrow();
  });

  it('refuses passwords from the common-password list, whatever their case', () => {
    for (const common of ['password', '12345678', 'Password1', 'qwertyuiop']) {
      expect(() => assertPasswordAcceptable(common), common).toThrow(WeakPasswordError);
    }
    expect(() => assertPasswordAcceptable('correct horse battery staple')).not.toThrow();
  });
});
