import { untrack } from 'svelte';
import type { Awareness } from 'y-protocols/awareness';
import {
  IDLE_PRESENCE,
  parsePresence,
  peopleOnCard,
  sameViewport,
  uniquePeople,
  type MapPoint,
  type Peer,
  type PresenceState,
  type PresenceUser,
  type StoryCaret,
  type Viewport,
} from './presence-state.ts';
import { PatchThrottle, PRESENCE_INTERVAL_MS } from './presence-throttle.ts';

/** What presence needs from the map editor's state. */
export interface PresenceMap {
  readonly selectedCardId: string | null;
  readonly editingCardId: string | null;
  readonly viewport: Viewport;
  /**
   * Optional: changes whenever something asks the map to move (zoom buttons, keyboard,
   * follow), as opposed to the map reporting a scroll. Lets a zoom click end following.
   */
  readonly revision?: number;
  setViewport(viewport: Viewport): void;
}

export interface PresenceOptions {
  awareness: Awareness;
  user: PresenceUser;
}

export interface SummonNotice {
  nonce: string;
  by: string;
  colour: string;
}

/** A summon older than this (by the summoner's clock) is history, not a request. */
const SUMMON_FRESH_MS = 15_000;
/** How long our own summon stays in our state, for people whose update arrives late. */
const SUMMON_HOLD_MS = 8_000;
const NOTICE_MS = 4_000;
/**
 * After we move the map, what it reports back within this window is it settling
 * (scroll clamped to the content, rounded to whole pixels), not the person moving it.
 */
const SETTLE_MS = 400;

/**
 * Who is on this board and what they are doing, over the provider's awareness: our own
 * cursor, selection and viewport go out (throttled under the server's rate limit), and
 * everyone's come back as `peers`. Presence never touches the Y.Doc.
 */
export class Presence {
  readonly clientId: number;

  #peers = $state.raw<Peer[]>([]);
  #user = $state.raw<PresenceUser>({ id: '', name: '', colour: '' });
  #following = $state<number | null>(null);
  #notice = $state.raw<SummonNotice | null>(null);

  readonly #awareness: Awareness;
  readonly #throttle: PatchThrottle<PresenceState>;
  // Bookkeeping only, never rendered: plain collections on purpose.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #cursorAt = new Map<number, { cursor: MapPoint | null; at: number }>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #seenSummons = new Set<string>();
  readonly #cleanups: (() => void)[] = [];
  #local: PresenceState;
  #map = $state.raw<PresenceMap | null>(null);
  #lastApplied: Viewport | null = null;
  #ownRevision: number | undefined;
  #jumpedAt = Number.NEGATIVE_INFINITY;
  #summonTimer: ReturnType<typeof setTimeout> | undefined;
  #noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor({ awareness, user }: PresenceOptions) {
    this.#awareness = awareness;
    this.clientId = awareness.clientID;
    this.#user = user;
    this.#local = { user, ...IDLE_PRESENCE };
    this.#throttle = new PatchThrottle<PresenceState>({
      intervalMs: PRESENCE_INTERVAL_MS,
      flush: (patch) => {
        this.#local = { ...this.#local, ...patch };
        this.#awareness.setLocalState(this.#local);
      },
    });

    awareness.setLocalState(this.#local);

    const onChange = () => this.#refresh();
    awareness.on('change', onChange);
    this.#cleanups.push(() => awareness.off('change', onChange));

    // The server also drops our state when the socket closes, but saying goodbye first
    // makes us vanish from other screens at once instead of after a timeout.
    const onPageHide = () => {
      this.#throttle.cancel();
      awareness.setLocalState(null);
    };
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) awareness.setLocalState({ ...this.#local, cursor: null });
    };
    if (typeof window !== 'undefined') {
      window.addEventListener('pagehide', onPageHide);
      window.addEventListener('pageshow', onPageShow);
      this.#cleanups.push(
        () => window.removeEventListener('pagehide', onPageHide),
        () => window.removeEventListener('pageshow', onPageShow),
      );
    }
    this.#refresh();
  }

  /** Everyone connected, one entry per browser tab, including ourselves. */
  get peers(): Peer[] {
    return this.#peers;
  }

  /** One entry per person (tabs merged), ourselves first. */
  get people(): Peer[] {
    return uniquePeople(this.#peers);
  }

  get user(): PresenceUser {
    return this.#user;
  }

  get following(): number | null {
    return this.#following;
  }

  get followedPeer(): Peer | null {
    const id = this.#following;
    return id === null ? null : (this.#peers.find((peer) => peer.clientId === id) ?? null);
  }

  /** The last "bring everyone to me" we obeyed, while its toast is on screen. */
  get notice(): SummonNotice | null {
    return this.#notice;
  }

  /** Where we look at the map, once a map is bound. */
  get viewport(): Viewport | null {
    return this.#map?.viewport ?? null;
  }

  /** Other people who have that card selected or open; for the card component. */
  peopleOnCard(cardId: string): Peer[] {
    return peopleOnCard(this.#peers, cardId);
  }

  setUser(user: PresenceUser): void {
    this.#user = user;
    this.#throttle.push({ user });
  }

  setCursor(cursor: MapPoint | null): void {
    this.#throttle.push({ cursor });
  }

  /** Our caret in the story being edited, or null once we leave the story's text. */
  setStoryCaret(storyCaret: StoryCaret | null): void {
    this.#throttle.push({ storyCaret });
  }

  follow(clientId: number | null): void {
    if (clientId === this.clientId) clientId = null;
    this.#following = clientId;
    // Until their viewport arrives, any move of ours is a manual one.
    const map = untrack(() => this.#map);
    this.#lastApplied = map ? { ...map.viewport } : null;
    this.#ownRevision = map?.revision;
    this.#throttle.push({ following: clientId });
    if (clientId !== null) this.#applyFollowedViewport();
  }

  /** Asks every other client to jump to our viewport, once. */
  summon(): void {
    this.follow(null);
    const summon = { nonce: crypto.randomUUID(), at: Date.now() };
    if (this.#map) this.#throttle.push({ viewport: this.#map.viewport });
    this.#throttle.push({ summon });
    this.#throttle.flushNow();
    clearTimeout(this.#summonTimer);
    this.#summonTimer = setTimeout(() => this.#throttle.push({ summon: null }), SUMMON_HOLD_MS);
  }

  /**
   * Mirrors the map's selection, editing and viewport into our presence and moves the
   * map while we follow someone. Call from a component; returns the cleanup.
   */
  bindMap(map: PresenceMap): () => void {
    this.#map = map;
    const stop = $effect.root(() => {
      $effect(() => {
        this.#throttle.push({ selection: map.selectedCardId, editing: map.editingCardId });
      });
      $effect(() => {
        const viewport = map.viewport;
        const revision = map.revision;
        this.#throttle.push({ viewport: { ...viewport } });
        untrack(() => this.#checkManualMove(viewport, revision));
      });
      $effect(() => {
        if (this.#following === null) return;
        // Track only the followed person's viewport, never our own: reacting to our own
        // map moving would snap a manual pan straight back.
        void this.followedPeer?.viewport;
        untrack(() => this.#applyFollowedViewport());
      });
    });
    return () => {
      stop();
      if (this.#map === map) this.#map = null;
    };
  }

  destroy(): void {
    clearTimeout(this.#summonTimer);
    clearTimeout(this.#noticeTimer);
    this.#throttle.cancel();
    for (const cleanup of this.#cleanups) cleanup();
    this.#awareness.setLocalState(null);
  }

  #applyFollowedViewport(): void {
    const target = this.followedPeer;
    if (!target) {
      // They left: stop following rather than pinning the map to a ghost.
      if (this.#peers.length > 0) this.follow(null);
      return;
    }
    if (target.viewport) this.#jumpTo(target.viewport);
  }

  #jumpTo(viewport: Viewport): void {
    const map = this.#map;
    if (!map) return;
    if (!sameViewport(map.viewport, viewport)) {
      map.setViewport({ ...viewport });
      this.#jumpedAt = performance.now();
    }
    // The map may clamp what it was given; what it settled on counts as "ours".
    this.#lastApplied = { ...map.viewport };
    this.#ownRevision = map.revision;
  }

  /** Anything but following that moves the map means the person wants to look elsewhere. */
  #checkManualMove(viewport: Viewport, revision: number | undefined): void {
    const applied = this.#lastApplied;
    if (this.#following === null || applied === null) return;
    if (revision !== this.#ownRevision) {
      this.follow(null);
    } else if (!sameViewport(viewport, applied, 1 + 1 / viewport.zoom)) {
      if (performance.now() - this.#jumpedAt < SETTLE_MS) this.#lastApplied = { ...viewport };
      else this.follow(null);
    }
  }

  #refresh(): void {
    const now = performance.now();
    const peers: Peer[] = [];
    for (const [clientId, raw] of this.#awareness.getStates()) {
      const state = parsePresence(raw);
      if (!state) continue;
      const previous = this.#cursorAt.get(clientId);
      // A summon already there when we first see someone was meant for the people in
      // the room then, not for us arriving later.
      if (!previous && state.summon) this.#seenSummons.add(state.summon.nonce);
      const moved =
        !previous ||
        previous.cursor?.x !== state.cursor?.x ||
        previous.cursor?.y !== state.cursor?.y;
      const at = moved ? now : previous.at;
      this.#cursorAt.set(clientId, { cursor: state.cursor, at });
      peers.push({ ...state, clientId, isSelf: clientId === this.clientId, cursorAt: at });
    }
    for (const clientId of this.#cursorAt.keys()) {
      if (!this.#awareness.getStates().has(clientId)) this.#cursorAt.delete(clientId);
    }
    this.#peers = peers;
    for (const peer of peers) if (!peer.isSelf) this.#checkSummon(peer);
  }

  #checkSummon(peer: Peer): void {
    const summon = peer.summon;
    if (!summon || this.#seenSummons.has(summon.nonce)) return;
    this.#seenSummons.add(summon.nonce);
    if (Math.abs(Date.now() - summon.at) > SUMMON_FRESH_MS || !peer.viewport) return;
    this.#following = null;
    this.#lastApplied = null;
    this.#throttle.push({ following: null });
    this.#jumpTo(peer.viewport);
    this.#notice = { nonce: summon.nonce, by: peer.user.name, colour: peer.user.colour };
    clearTimeout(this.#noticeTimer);
    this.#noticeTimer = setTimeout(() => (this.#notice = null), NOTICE_MS);
  }
}
