import { hash, verify, type Options } from '@node-rs/argon2';
import { isCommonPassword } from './common-passwords.ts';
import { WeakPasswordError } from './errors.ts';

/**
 * OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): ~6 ms a hash here, slow enough
 * for offline guessing, fast enough that sign-in bursts do not starve the event loop.
 */
const ARGON2_OPTIONS: Options = {
  algorithm: 2, // reason: Algorithm.Argon2id; an ambient const enum is unusable under isolatedModules
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
};

export const PASSWORD_MIN_LENGTH = 8;
/** Long enough for any passphrase, short enough that hashing cannot be used to DoS us. */
export const PASSWORD_MAX_LENGTH = 256;

export function assertPasswordAcceptable(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw new WeakPasswordError(`Use at least ${PASSWORD_MIN_LENGTH} characters.`);
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw new WeakPasswordError(`Use at most ${PASSWORD_MAX_LENGTH} characters.`);
  }
  if (isCommonPassword(password)) {
    throw new WeakPasswordError('This password is one of the most common ones. Choose another.');
  }
}

export async function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFKC'), ARGON2_OPTIONS);
}

/** Throws on a hash that is not argon2 PHC text: that is a bug, not a wrong password. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password.normalize('NFKC'));
}

let dummyHash: Promise<string> | undefined;

/**
 * Sign-in verifies against this when the email is unknown, so a miss costs as long as a
 * wrong password and response time does not reveal which accounts exist.
 */
export function getDummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('journeyboard-dummy-password-never-matches');
  return dummyHash;
}
