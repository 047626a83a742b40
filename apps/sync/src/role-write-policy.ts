import * as Y from 'yjs';
import { SERVER_ROOTS, readBoardLock } from '@journeyboard/model';
import type { WriteDecision, WritePolicy } from './options.ts';

/** Where commenters write their comments. */
export const COMMENTS_ROOT = 'comments';

/** The idea inbox: commenters may submit ideas and friction observations there too. */
export const IDEAS_ROOT = 'ideas';

type Struct = ReturnType<typeof Y.decodeUpdate>['structs'][number];
type AbstractType = Y.AbstractType<unknown>;

/**
 * Owners and editors write anything; commenters only inside the `comments` map (their
 * own comments, replies and deletions there); viewers nothing. Commenters may also
 * submit to the idea inbox (`ideas`), and nothing else. The update is decoded and
 * every struct and every deleted range is traced to its top-level type, so a commenter
 * cannot slip a card edit into an update that also adds a comment.
 */
export const roleWritePolicy: WritePolicy = ({ role, update, doc, userId }) => {
  if (role === 'viewer') return { ok: false, reason: 'a viewer cannot edit this board' };
  const locked = doc ? lockRefusal(doc, role, userId) : null;
  if (locked) return locked;
  if (role === 'owner' || role === 'editor') {
    // Tallies, the shared timer and the lock are the server's: an editor forging them
    // would defeat the secret ballot and the lock.
    return doc ? avoidsRoots(doc, update, SERVER_ROOTS) : { ok: true };
  }
  if (!doc) return { ok: false, reason: 'a commenter can only write comments' };
  return onlyTouches(doc, update, [COMMENTS_ROOT, IDEAS_ROOT]);
};

/**
 * While a facilitator has locked the board (a presentation), only owners and the
 * facilitator who locked it write; everyone else reads. The lock lives in a root only
 * the server writes, so reading it from the room's durable document is trustworthy.
 */
function lockRefusal(doc: Y.Doc, role: string, userId: string): WriteDecision | null {
  const lock = readBoardLock(doc);
  if (!lock || role === 'owner' || userId === lock.lockedBy) return null;
  return {
    ok: false,
    reason: `the board is locked by ${lock.lockedByName} for a presentation; changes are paused until it is unlocked`,
  };
}

/** Whether no struct or deletion of a V1 update lies under one of `roots`. */
export function avoidsRoots(
  doc: Y.Doc,
  update: Uint8Array,
  roots: readonly string[],
): WriteDecision {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return { ok: false, reason: 'the update could not be decoded' };
  }
  try {
    return findServerRoot(doc, decoded, roots);
  } catch {
    // A hostile update may reference clocks no struct covers; it is refused, never thrown.
    return { ok: false, reason: 'the update could not be checked' };
  }
}

function findServerRoot(
  doc: Y.Doc,
  decoded: ReturnType<typeof Y.decodeUpdate>,
  roots: readonly string[],
): WriteDecision {
  const resolver = new RootResolver(doc, decoded.structs);
  const refuse = (root: string) =>
    ({
      ok: false,
      reason: `only the server writes ${root} (voting results, timer and lock)`,
    }) as const;
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const root = resolver.rootOfNew(struct);
    if (root !== null && roots.includes(root)) return refuse(root);
  }
  for (const [client, ranges] of decoded.ds.clients) {
    for (const range of ranges) {
      for (let clock = range.clock; clock < range.clock + range.len;) {
        const found = resolver.find(client, clock);
        if (!found) break;
        const root = found.struct instanceof Y.Item ? resolver.rootOf(found.struct) : null;
        if (root !== null && roots.includes(root)) return refuse(root);
        clock = found.struct.id.clock + found.struct.length;
      }
    }
  }
  return { ok: true };
}

/** Whether every struct and deletion in a V1 update lies under the root type `root`. */
export function onlyTouches(
  doc: Y.Doc,
  update: Uint8Array,
  root: string | readonly string[],
): WriteDecision {
  // Several roots: an offline commenter's catch-up update may carry both comments and
  // ideas. The refusal names the first (existing clients show that message).
  const roots: readonly string[] = typeof root === 'string' ? [root] : root;
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return { ok: false, reason: 'the update could not be decoded' };
  }
  const resolver = new RootResolver(doc, decoded.structs);
  const refuse = { ok: false, reason: `a commenter can only write ${roots[0] ?? ''}` } as const;
  for (const struct of decoded.structs) {
    // GC and Skip carry no content and no parent: they only fill clock ranges.
    if (!(struct instanceof Y.Item)) continue;
    if (!roots.includes(resolver.rootOfNew(struct) ?? '')) return refuse;
  }
  for (const [client, ranges] of decoded.ds.clients) {
    for (const range of ranges) {
      for (let clock = range.clock; clock < range.clock + range.len;) {
        const found = resolver.find(client, clock);
        if (!found) return refuse;
        if (
          found.struct instanceof Y.Item &&
          !roots.includes(resolver.rootOf(found.struct) ?? '')
        ) {
          return refuse;
        }
        clock = found.struct.id.clock + found.struct.length;
      }
    }
  }
  return { ok: true };
}

/**
 * Finds the top-level type of items, new or already in the doc. An item from an update
 * names its parent directly (a root name or the id of the item holding the parent type)
 * only when it has no neighbours; otherwise the parent is its neighbour's.
 */
class RootResolver {
  readonly #doc: Y.Doc;
  readonly #incoming = new Map<number, Struct[]>();
  readonly #memo = new Map<Y.Item, string | null>();

  constructor(doc: Y.Doc, structs: Struct[]) {
    this.#doc = doc;
    for (const struct of structs) {
      const list = this.#incoming.get(struct.id.client) ?? [];
      list.push(struct);
      this.#incoming.set(struct.id.client, list);
    }
  }

  /** The struct (in the doc first, then in the update) containing `client:clock`. */
  find(client: number, clock: number): { struct: Struct; stored: boolean } | null {
    const stored = this.#doc.store.clients.get(client);
    if (stored && clock < Y.getState(this.#doc.store, client)) {
      const struct = stored[Y.findIndexSS(stored, clock)];
      if (struct) return { struct, stored: true };
    }
    const incoming = this.#incoming.get(client);
    const struct = incoming?.find((s) => s.id.clock <= clock && clock < s.id.clock + s.length);
    return struct ? { struct, stored: false } : null;
  }

  /** Root of an item whatever its origin (an update's item or a stored one). */
  rootOf(item: Y.Item): string | null {
    const parent = item.parent as unknown;
    if (parent instanceof Y.AbstractType) return rootOfType(parent as AbstractType);
    return this.rootOfNew(item);
  }

  rootOfNew(item: Y.Item): string | null {
    const memo = this.#memo.get(item);
    if (memo !== undefined) return memo;
    this.#memo.set(item, null); // a cycle of origins resolves to "unknown"
    const root = this.#resolve(item);
    this.#memo.set(item, root);
    return root;
  }

  #resolve(item: Y.Item): string | null {
    const parent = item.parent as unknown;
    if (typeof parent === 'string') return parent;
    if (parent instanceof Y.AbstractType) return rootOfType(parent as AbstractType);
    if (isId(parent)) return this.#rootOfContainer(parent);
    const neighbour = item.origin ?? item.rightOrigin;
    if (!neighbour) return null;
    const found = this.find(neighbour.client, neighbour.clock);
    if (!found || !(found.struct instanceof Y.Item)) return null;
    return this.rootOf(found.struct);
  }

  /** The parent id is the item whose content is the parent type; its root is ours. */
  #rootOfContainer(id: Y.ID): string | null {
    const found = this.find(id.client, id.clock);
    if (!found || !(found.struct instanceof Y.Item)) return null;
    return this.rootOf(found.struct);
  }
}

function isId(value: unknown): value is Y.ID {
  return value instanceof Y.ID;
}

function rootOfType(type: AbstractType): string | null {
  let current = type;
  while (current._item) {
    const parent = current._item.parent as unknown;
    if (!(parent instanceof Y.AbstractType)) return null;
    current = parent as AbstractType;
  }
  if (!current.doc) return null;
  for (const [key, value] of current.doc.share) if (value === current) return key;
  return null;
}
