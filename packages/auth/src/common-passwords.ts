import { dictionary } from '@zxcvbn-ts/language-common';

let common: ReadonlySet<string> | undefined;

/**
 * zxcvbn's list of the ~30,000 passwords seen most in breaches, shipped as data with the
 * package (no network). Compared lower-cased: `Password1` is as guessable as `password1`.
 */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary['passwords-common']);
  return common.has(password.normalize('NFKC').toLowerCase());
}
