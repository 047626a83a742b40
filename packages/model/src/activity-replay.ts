import * as Y from 'yjs';
import { readTitle } from './meta.ts';
import {
  SUBJECTS,
  boardDigest,
  diffDigests,
  digestEntity,
  type ActivityChange,
  type BoardDigest,
  type DigestEntry,
} from './activity.ts';

// reason: Yjs types its shared types by their event type; the replay handles all of them alike.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SharedType = Y.AbstractType<any>;

/**
 * Replays a board's update log one entry at a time and says what each entry changed.
 * Only the entities an entry touched are digested again (found from the transaction's
 * changed types), so an entry costs what it changed, not the size of the board: a
 * 6,000-card board with 400 entries is 400 small diffs instead of 400 whole-board digests.
 */
export class ActivityReplay {
  readonly #doc: Y.Doc;
  readonly #maps = new Map<string, Map<string, DigestEntry>>();
  readonly #rootNames = new Map<SharedType, string>();
  #title: string;
  #mission: string;

  /** Starts from the doc's current state (the merged older entries, or an empty doc). */
  constructor(doc: Y.Doc) {
    this.#doc = doc;
    const digest = boardDigest(doc);
    for (const [name, entries] of digest.maps) this.#maps.set(name, new Map(entries));
    for (const name of [...Object.keys(SUBJECTS), 'meta']) {
      this.#rootNames.set(doc.getMap<unknown>(name), name);
    }
    this.#title = digest.title;
    this.#mission = digest.mission;
  }

  /** Applies one log entry; returns its changes (throws when the bytes are not an update). */
  apply(update: Uint8Array): ActivityChange[] {
    const touched = new Map<string, Set<string>>();
    const collect = (transaction: Y.Transaction) => {
      for (const [type, keys] of transaction.changed) this.#locate(type, keys, touched);
    };
    this.#doc.on('afterTransaction', collect);
    try {
      Y.applyUpdate(this.#doc, update);
    } finally {
      this.#doc.off('afterTransaction', collect);
    }
    return this.#diff(touched);
  }

  /** Which top-level map and entity a changed type belongs to. */
  #locate(type: SharedType, keys: Set<string | null>, touched: Map<string, Set<string>>): void {
    const mark = (root: string, id: string) => {
      const ids = touched.get(root) ?? new Set<string>();
      ids.add(id);
      touched.set(root, ids);
    };
    const rootName = this.#rootNames.get(type);
    if (rootName !== undefined) {
      for (const key of keys) if (key !== null) mark(rootName, key);
      return;
    }
    let child: SharedType = type;
    // Climb to the entity (the child of a top-level map); its key is the entity's id.
    for (;;) {
      const item = child._item;
      if (!item || !(item.parent instanceof Y.AbstractType)) return;
      const parentName = this.#rootNames.get(item.parent);
      if (parentName !== undefined) {
        if (item.parentSub !== null) mark(parentName, item.parentSub);
        return;
      }
      child = item.parent;
    }
  }

  #diff(touched: Map<string, Set<string>>): ActivityChange[] {
    const before = new Map<string, Map<string, DigestEntry>>();
    const after = new Map<string, Map<string, DigestEntry>>();
    for (const [name, ids] of touched) {
      if (name === 'meta') continue;
      const current = this.#maps.get(name)!;
      const was = new Map<string, DigestEntry>();
      const now = new Map<string, DigestEntry>();
      const root = this.#doc.getMap<unknown>(name);
      for (const id of ids) {
        const old = current.get(id);
        if (old) was.set(id, old);
        const value = root.get(id);
        if (value === undefined) current.delete(id);
        else {
          const entry = digestEntity(name, value);
          now.set(id, entry);
          current.set(id, entry);
        }
      }
      before.set(name, was);
      after.set(name, now);
    }
    const title = this.#title;
    const mission = this.#mission;
    if (touched.has('meta')) {
      const meta = this.#doc.getMap<unknown>('meta');
      const newMission = meta.get('mission');
      // Shared text, or a plain string on boards from before titles were shared text.
      this.#title = readTitle(meta);
      this.#mission = newMission instanceof Y.Text ? newMission.toJSON() : '';
    }
    const names = (name: string) =>
      new Map([...this.#maps.get(name)!].map(([id, entry]) => [id, entry.label]));
    const stageNames = names('stages');
    const laneNames = names('lanes');
    const partial = (maps: Map<string, Map<string, DigestEntry>>, t: string, m: string) =>
      ({ title: t, mission: m, maps, stageNames, laneNames }) satisfies BoardDigest;
    return diffDigests(partial(before, title, mission), partial(after, this.#title, this.#mission));
  }
}
