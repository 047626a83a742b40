// Helpers for this package's tests; not exported from the package.
import { expect } from 'vitest';
import * as Y from 'yjs';
import { configureDoc, type RandomSource } from './random.ts';
import type { Actor } from './types.ts';

export const alice: Actor = { userId: 'alice' };
export const bob: Actor = { userId: 'bob' };

/** mulberry32: small, fast, good enough to drive reproducible random tests. */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

export function seededDoc(seed: number, clientID: number, jitterDigits?: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  configureDoc(doc, {
    random: seededRandom(seed),
    ...(jitterDigits === undefined ? {} : { jitterDigits }),
  });
  return doc;
}

/** Exchanges all missing updates between the docs, both ways. */
export function syncDocs(...docs: Y.Doc[]): void {
  for (const from of docs) {
    for (const to of docs) {
      if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
    }
  }
}

/** Counts transactions and records their origins. */
export function recordTransactions(doc: Y.Doc): { origins: unknown[] } {
  const record = { origins: [] as unknown[] };
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    record.origins.push(transaction.origin);
  });
  return record;
}

// Typed as unknown so that lint's no-unsafe-assignment accepts them inside object literals.
export const anyString: unknown = expect.any(String);
export const anyNumber: unknown = expect.any(Number);
