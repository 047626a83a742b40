import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { placeKey, scanUpdate, type ScanBounds } from './update-scan.ts';

type Decoded = ReturnType<typeof Y.decodeUpdate>;
type Struct = Decoded['structs'][number];

export interface TrimmedUpdate {
  update: Uint8Array;
  /** Items replaced by garbage-collected ranges, and the places they were at. */
  droppedItems: number;
  droppedPlaces: number;
}

/**
 * Keeps what is valid of a stored update that breaks the concurrency bound: the items of
 * every place holding more than `maxConcurrentAtPlace` of them are replaced by GC structs
 * of the same ids and lengths (or left out with their client, when nothing else of that
 * client remains or refers to it), which is what Yjs itself leaves of garbage-collected items.
 * Clocks stay contiguous, so the rest of the update (other keys, other entities, later
 * structs of the same clients, the delete set) applies as before; items that hang off a
 * dropped one (its children, its neighbours) integrate as GC too, as Yjs does for any
 * item whose parent is gone. Which of the concurrent values was the honest one cannot be
 * told, so all of them go. Null when nothing needs dropping, nothing would be left (skip
 * it whole) or the bytes do not decode.
 */
export function trimOverConcurrentPlaces(
  update: Uint8Array,
  bounds: Pick<ScanBounds, 'maxConcurrentAtPlace'>,
): TrimmedUpdate | null {
  let over: Set<string>;
  let decoded: Decoded;
  try {
    const scan = scanUpdate(update, {
      maxUpdateClients: Number.POSITIVE_INFINITY,
      maxUpdateStructs: Number.POSITIVE_INFINITY,
      maxUpdateDeleteRanges: Number.POSITIVE_INFINITY,
      maxConcurrentAtPlace: Number.POSITIVE_INFINITY,
    });
    over = new Set(
      [...scan.places].filter(([, p]) => p.count > bounds.maxConcurrentAtPlace).map(([k]) => k),
    );
    if (over.size === 0) return null;
    // Nothing valid in it (a hostile update stored alone): skipping it whole is cheaper.
    let overCount = 0;
    for (const key of over) overCount += scan.places.get(key)?.count ?? 0;
    if (overCount === scan.structs) return null;
    decoded = Y.decodeUpdate(update);
  } catch {
    return null;
  }
  let droppedItems = 0;
  const dropped = new Set<Struct>();
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Item && over.has(keyOf(struct))) dropped.add(struct);
  }
  const gone = clientsWithNothingLeft(decoded.structs, dropped);
  const kept: Struct[] = [];
  for (const struct of decoded.structs) {
    if (!dropped.has(struct)) kept.push(struct);
    else if (!gone.has(struct.id.client)) kept.push(new Y.GC(struct.id, struct.length));
    if (dropped.has(struct)) droppedItems++;
  }
  for (const client of gone) decoded.ds.clients.delete(client);
  return { update: encodeV1(kept, decoded.ds), droppedItems, droppedPlaces: over.size };
}

/**
 * Clients all of whose structs are dropped and that nothing kept refers to (a hostile
 * update makes up a client per value): their sections are left out rather than turned
 * into GC ranges, so the board's store does not keep thousands of empty clients.
 */
function clientsWithNothingLeft(structs: readonly Struct[], dropped: Set<Struct>): Set<number> {
  const gone = new Set<number>();
  const needed = new Set<number>();
  for (const struct of structs) {
    if (dropped.has(struct)) {
      gone.add(struct.id.client);
      continue;
    }
    needed.add(struct.id.client);
    if (!(struct instanceof Y.Item)) continue;
    const parent = struct.parent as unknown;
    for (const id of [struct.origin, struct.rightOrigin, parent instanceof Y.ID ? parent : null]) {
      if (id) needed.add(id.client);
    }
  }
  for (const client of needed) gone.delete(client);
  return gone;
}

function keyOf(item: Y.Item): string {
  // A decoded item's parent is a root's name or the id of the item holding its type.
  const parent = item.parent as unknown as string | Y.ID | null;
  return placeKey(item.origin, item.rightOrigin, parent, item.parentSub);
}

/** Structs (in the decoded order: client sections, clocks ascending) and a delete set as v1. */
function encodeV1(structs: readonly Struct[], ds: Decoded['ds']): Uint8Array {
  const sections: Struct[][] = [];
  for (const struct of structs) {
    const last = sections.at(-1);
    if (last && last[0]!.id.client === struct.id.client) last.push(struct);
    else sections.push([struct]);
  }
  const encoder = new Y.UpdateEncoderV1();
  const out = encoder.restEncoder;
  encoding.writeVarUint(out, sections.length);
  for (const section of sections) {
    encoding.writeVarUint(out, section.length);
    encoding.writeVarUint(out, section[0]!.id.client);
    encoding.writeVarUint(out, section[0]!.id.clock);
    for (const struct of section) struct.write(encoder, 0);
  }
  encoding.writeVarUint(out, ds.clients.size);
  for (const [client, ranges] of ds.clients) {
    encoding.writeVarUint(out, client);
    encoding.writeVarUint(out, ranges.length);
    for (const range of ranges) {
      encoding.writeVarUint(out, range.clock);
      encoding.writeVarUint(out, range.len);
    }
  }
  return encoder.toUint8Array();
}
