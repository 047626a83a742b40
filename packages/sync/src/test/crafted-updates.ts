import * as encoding from 'lib0/encoding';

export interface ConcurrentValuesOptions {
  /** The root map written to, e.g. `comments`. */
  root: string;
  key: string;
  count: number;
  /** First made-up client id; each value gets the next one. */
  firstClient?: number;
  /** Clients written in ascending order (every Yjs encoder writes them descending). */
  ascending?: boolean;
  value?: (index: number) => string;
}

/**
 * A hand-written Yjs v1 update: `count` values for one map key, each from its own client
 * id and with no origin, so they are all concurrent. Building it from real docs would
 * take a Y.Doc per value; writing the bytes takes milliseconds.
 */
export function concurrentValues(options: ConcurrentValuesOptions): Uint8Array {
  const { root, key, count, firstClient = 1_000_000, ascending = false } = options;
  const value = options.value ?? ((i: number) => `v${i}`);
  const indexes = Array.from({ length: count }, (_, i) => i);
  if (!ascending) indexes.reverse();
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, count);
  for (const i of indexes) {
    encoding.writeVarUint(encoder, 1); // structs of this client
    encoding.writeVarUint(encoder, firstClient + i);
    encoding.writeVarUint(encoder, 0); // clock
    encoding.writeUint8(encoder, 8 | 0x20); // ContentAny, has a parentSub, no origins
    encoding.writeVarUint(encoder, 1); // parent is a root type, named
    encoding.writeVarString(encoder, root);
    encoding.writeVarString(encoder, key);
    encoding.writeVarUint(encoder, 1); // one value
    encoding.writeAny(encoder, value(i));
  }
  encoding.writeVarUint(encoder, 0); // empty delete set
  return encoding.toUint8Array(encoder);
}
