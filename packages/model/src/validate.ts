import * as Y from 'yjs';
import { ModelError, type ModelErrorCode } from './errors.ts';
import type { Actor } from './types.ts';

/** Length limits in UTF-16 code units, checked on every write. */
export const LIMITS = {
  title: 200,
  name: 100,
  mission: 5_000,
  cardText: 10_000,
  description: 2_000,
  field: 100,
  userId: 200,
} as const;

/** Runs `fn` as the one transaction of a write, with the actor as origin. */
export function write<T>(doc: Y.Doc, actor: Actor, fn: () => T): T {
  checkActor(actor);
  let result!: T;
  doc.transact(() => {
    result = fn();
  }, actor);
  return result;
}

function checkActor(actor: Actor): void {
  if (
    typeof actor !== 'object' ||
    actor === null ||
    typeof actor.userId !== 'string' ||
    actor.userId.length === 0 ||
    actor.userId.length > LIMITS.userId
  ) {
    throw new ModelError('invalid-actor', 'an actor needs a non-empty userId');
  }
}

/** Trims and checks a one-line label (title, stage or lane name). */
export function checkLabel(value: unknown, what: string, max: number): string {
  if (typeof value !== 'string') throw new ModelError('invalid-text', `${what} must be text`);
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new ModelError('invalid-text', `${what} must not be empty`);
  if (trimmed.length > max) {
    throw new ModelError('invalid-text', `${what} is longer than ${max} characters`);
  }
  return trimmed;
}

/** Checks free text (mission, card text, description); empty is allowed. */
export function checkText(value: unknown, what: string, max: number): string {
  if (typeof value !== 'string') throw new ModelError('invalid-text', `${what} must be text`);
  if (value.length > max) {
    throw new ModelError('invalid-text', `${what} is longer than ${max} characters`);
  }
  return value;
}

export function checkIndex(index: unknown): number | undefined {
  if (index === undefined) return undefined;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) {
    throw new ModelError('invalid-position', 'index must be a non-negative integer');
  }
  return index;
}

/** The entity, or a `code` error when it is missing or not an entity (a malformed entry). */
export function mustExist<T>(value: T | undefined, code: ModelErrorCode, id: string): T {
  if (!(value instanceof Y.Map))
    throw new ModelError(code, `${code.replace('unknown-', '')} ${id} not found`);
  return value;
}

/** Ids are url-safe so they can appear in paths and DOM ids unescaped. */
export function checkId(id: unknown): string {
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
    throw new ModelError('invalid-id', 'ids are 1 to 64 url-safe characters');
  }
  return id;
}
