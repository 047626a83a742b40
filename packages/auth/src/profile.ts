import { emailKey } from '@journeyboard/storage';
import { InvalidEmailError, InvalidProfileError } from './errors.ts';

// Deliberately loose: the only real check of an address is mail reaching it.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const COLOUR_PATTERN = /^#[0-9a-f]{6}$/;
const NAME_MAX = 80;

/** Cursor colours that stay readable on the light board background. */
export const USER_COLOURS: readonly string[] = [
  '#e07a5f',
  '#3d85c6',
  '#81b29a',
  '#f2a541',
  '#9b5de5',
  '#ef476f',
  '#118ab2',
  '#6a994e',
];

/** The rate-limit key and the form accounts are compared in; storage decides it. */
export const normalizeEmail: (email: string) => string = emailKey;

export function parseEmail(email: string): string {
  const trimmed = email.trim().normalize('NFC');
  if (trimmed.length > 254 || !EMAIL_PATTERN.test(trimmed)) throw new InvalidEmailError();
  return trimmed;
}

export function parseDisplayName(name: string): string {
  const trimmed = name.trim().normalize('NFC');
  if (trimmed.length === 0) throw new InvalidProfileError('Enter a display name.');
  if (trimmed.length > NAME_MAX) {
    throw new InvalidProfileError(`Use at most ${NAME_MAX} characters for the name.`);
  }
  return trimmed;
}

export function parseColour(colour: string): string {
  const lower = colour.trim().toLowerCase();
  if (!COLOUR_PATTERN.test(lower)) throw new InvalidProfileError('Colour must look like #a1b2c3.');
  return lower;
}

export function parseDepartment(department: string | null | undefined): string | null {
  const trimmed = department?.trim().normalize('NFC') ?? '';
  if (trimmed.length > NAME_MAX) {
    throw new InvalidProfileError(`Use at most ${NAME_MAX} characters for the department.`);
  }
  return trimmed === '' ? null : trimmed;
}

/** A stable default colour, so a user keeps it across boards until they pick one. */
export function defaultColour(userId: string): string {
  let sum = 0;
  for (const char of userId) sum = (sum * 31 + char.charCodeAt(0)) >>> 0;
  return USER_COLOURS[sum % USER_COLOURS.length] ?? '#3d85c6';
}
