import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

/** Where an item goes: its neighbours when it has any, else its parent (and map key). */
export interface Place {
  origin: Y.ID | null;
  rightOrigin: Y.ID | null;
  /** A root type's name, or the id of the item holding the parent type; null if inferred. */
  parent: string | Y.ID | null;
  parentSub: string | null;
  /** Items of the update inserted here. */
  count: number;
}

/** The structure of a Yjs v1 update, read without building any Yjs objects. */
export interface UpdateScan {
  /** Client ids in the order their struct sections appear. */
  clients: number[];
  structs: number;
  deleteRanges: number;
  places: Map<string, Place>;
  /** The clock just past each client's last struct: which clocks the update brings. */
  ends: Map<number, number>;
}

/** Stops a scan early, with the limit the update broke. */
export class ScanLimitError extends Error {
  readonly rule: 'size' | 'concurrency';
  constructor(rule: 'size' | 'concurrency', message: string) {
    super(message);
    this.name = 'ScanLimitError';
    this.rule = rule;
  }
}

export interface ScanBounds {
  maxUpdateClients: number;
  maxUpdateStructs: number;
  maxUpdateDeleteRanges: number;
  maxConcurrentAtPlace: number;
}

const BITS5 = 31;
const HAS_ORIGIN = 128;
const HAS_RIGHT_ORIGIN = 64;
const HAS_PARENT_SUB = 32;
const GC = 0;
const SKIP = 10;
const XML_ELEMENT = 3;
const XML_HOOK = 5;

/**
 * Reads a v1 update once, in time linear in its bytes, and stops at the first bound it
 * breaks (ScanLimitError), so a huge crafted update costs no more than the bound.
 * Throws another error when the bytes are not an update at all. Y.decodeUpdate builds
 * an object per struct and is an order of magnitude slower: it runs only afterwards.
 */
export function scanUpdate(update: Uint8Array, bounds: ScanBounds): UpdateScan {
  const decoder = decoding.createDecoder(update);
  const scan: UpdateScan = {
    clients: [],
    structs: 0,
    deleteRanges: 0,
    places: new Map(),
    ends: new Map(),
  };
  // Limits are checked as sections and structs are read, not against the counts the
  // update announces: random bytes then fail as malformed, not as too large.
  const clientCount = decoding.readVarUint(decoder);
  for (let c = 0; c < clientCount; c++) {
    const structCount = decoding.readVarUint(decoder);
    const client = decoding.readVarUint(decoder);
    let clock = decoding.readVarUint(decoder);
    for (let s = 0; s < structCount; s++) {
      clock += readStruct(decoder, scan, bounds);
      if (++scan.structs > bounds.maxUpdateStructs) {
        throw new ScanLimitError(
          'size',
          `more than ${bounds.maxUpdateStructs} structs in one update`,
        );
      }
    }
    scan.clients.push(client);
    if (scan.clients.length > bounds.maxUpdateClients) {
      throw new ScanLimitError(
        'size',
        `more than ${bounds.maxUpdateClients} client ids in one update`,
      );
    }
    scan.ends.set(client, Math.max(clock, scan.ends.get(client) ?? 0));
  }
  readDeleteSet(decoder, scan, bounds);
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the update');
  return scan;
}

/** Reads one struct and returns its length in clock ticks. */
function readStruct(decoder: decoding.Decoder, scan: UpdateScan, bounds: ScanBounds): number {
  const info = decoding.readUint8(decoder);
  const ref = info & BITS5;
  if (ref === GC || ref === SKIP) return decoding.readVarUint(decoder);
  const origin = info & HAS_ORIGIN ? readId(decoder) : null;
  const rightOrigin = info & HAS_RIGHT_ORIGIN ? readId(decoder) : null;
  let parent: string | Y.ID | null = null;
  let parentSub: string | null = null;
  if (!origin && !rightOrigin) {
    parent =
      decoding.readVarUint(decoder) === 1 ? decoding.readVarString(decoder) : readId(decoder);
    if (info & HAS_PARENT_SUB) parentSub = decoding.readVarString(decoder);
  }
  const key = placeKey(origin, rightOrigin, parent, parentSub);
  const place = scan.places.get(key);
  if (!place) scan.places.set(key, { origin, rightOrigin, parent, parentSub, count: 1 });
  else if (++place.count > bounds.maxConcurrentAtPlace) {
    throw new ScanLimitError(
      'concurrency',
      `more than ${bounds.maxConcurrentAtPlace} concurrent items at one place`,
    );
  }
  return readContent(decoder, ref);
}

/** Skips an item's content (the v1 layout of each content type) and returns its length. */
function readContent(decoder: decoding.Decoder, ref: number): number {
  switch (ref) {
    case 1: // deleted
      return decoding.readVarUint(decoder);
    case 2: {
      // JSON
      const length = decoding.readVarUint(decoder);
      for (let i = 0; i < length; i++) decoding.readVarString(decoder);
      return length;
    }
    case 3: // binary
      decoding.readVarUint8Array(decoder);
      return 1;
    case 4: // string
      return decoding.readVarString(decoder).length;
    case 5: // embed
      decoding.readVarString(decoder);
      return 1;
    case 6: // format
      decoding.readVarString(decoder);
      decoding.readVarString(decoder);
      return 1;
    case 7: {
      // type
      const typeRef = decoding.readVarUint(decoder);
      if (typeRef === XML_ELEMENT || typeRef === XML_HOOK) decoding.readVarString(decoder);
      return 1;
    }
    case 8: {
      // any
      const length = decoding.readVarUint(decoder);
      for (let i = 0; i < length; i++) decoding.readAny(decoder);
      return length;
    }
    case 9: // subdocument
      decoding.readVarString(decoder);
      decoding.readAny(decoder);
      return 1;
    default:
      throw new Error(`unknown content type ${ref}`);
  }
}

function readDeleteSet(decoder: decoding.Decoder, scan: UpdateScan, bounds: ScanBounds): void {
  const clients = decoding.readVarUint(decoder);
  for (let c = 0; c < clients; c++) {
    decoding.readVarUint(decoder); // client
    const ranges = decoding.readVarUint(decoder);
    for (let r = 0; r < ranges; r++) {
      decoding.readVarUint(decoder); // clock
      decoding.readVarUint(decoder); // length
      if (++scan.deleteRanges > bounds.maxUpdateDeleteRanges) {
        throw new ScanLimitError(
          'size',
          `more than ${bounds.maxUpdateDeleteRanges} deleted ranges in one update`,
        );
      }
    }
  }
}

function readId(decoder: decoding.Decoder): Y.ID {
  return Y.createID(decoding.readVarUint(decoder), decoding.readVarUint(decoder));
}

/** One key per place: items of an update with the same key are concurrent there. */
export function placeKey(
  origin: Y.ID | null,
  rightOrigin: Y.ID | null,
  parent: string | Y.ID | null,
  parentSub: string | null,
): string {
  const parentPart = typeof parent === 'string' ? `r${parent}` : `i${idKey(parent)}`;
  return `${idKey(origin)}|${idKey(rightOrigin)}|${parentPart}|${parentSub ?? ''}`;
}

function idKey(id: Y.ID | null): string {
  return id ? `${id.client}:${id.clock}` : '';
}
