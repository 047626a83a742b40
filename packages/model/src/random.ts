import type * as Y from 'yjs';

/** Returns a float in [0, 1), like Math.random. */
export type RandomSource = () => number;

export interface DocOptions {
  /** Replaces crypto randomness for ids and order-key jitter (seeded tests). */
  random?: RandomSource;
  /** Random digits appended to new order keys; 0 turns jitter off (collision tests). */
  jitterDigits?: number;
}

const DEFAULT_JITTER_DIGITS = 6;
const options = new WeakMap<Y.Doc, DocOptions>();

// Not exported from the package: tests use it to make runs reproducible and to force
// order-key collisions; production always uses crypto randomness.
export function configureDoc(doc: Y.Doc, value: DocOptions): void {
  options.set(doc, value);
}

function cryptoRandom(): number {
  const buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return (buf[0] ?? 0) / 0x1_0000_0000;
}

export function randomFor(doc: Y.Doc): RandomSource {
  return options.get(doc)?.random ?? cryptoRandom;
}

export function newIdFor(doc: Y.Doc): string {
  return newId(options.get(doc)?.random);
}

export function jitterDigitsFor(doc: Y.Doc): number {
  return options.get(doc)?.jitterDigits ?? DEFAULT_JITTER_DIGITS;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const ID_LENGTH = 16;

/** 16 url-safe characters: 96 bits, so ids from different peers never meet. */
function newId(random?: RandomSource): string {
  const bytes = new Uint8Array(ID_LENGTH);
  if (random) {
    for (let i = 0; i < ID_LENGTH; i++) bytes[i] = Math.floor(random() * 256);
  } else {
    globalThis.crypto.getRandomValues(bytes);
  }
  let id = '';
  // 256 is a multiple of 64, so masking keeps every character equally likely.
  for (const byte of bytes) id += ID_ALPHABET[byte & 63];
  return id;
}
