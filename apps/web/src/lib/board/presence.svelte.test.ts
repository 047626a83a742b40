import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { Viewport } from './presence-state.ts';
import { Presence, type PresenceMap } from './presence.svelte.ts';

/** The map editor's side, as BoardEditor exposes it. */
class TestMap implements PresenceMap {
  selectedCardId = $state<string | null>(null);
  editingCardId = $state<string | null>(null);
  viewport = $state<Viewport>({ x: 0, y: 0, zoom: 1 });
  revision = $state(0);

  setViewport(viewport: Viewport): void {
    this.viewport = viewport;
    this.revision += 1;
  }

  /** The person scrolling: a new viewport without a request. */
  scroll(viewport: Viewport): void {
    this.viewport = viewport;
  }
}

interface Client {
  presence: Presence;
  map: TestMap;
  awareness: Awareness;
  doc: Y.Doc;
}

const cleanups: (() => void)[] = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** Two or more clients whose awareness updates reach each other, as the server relays them. */
function room(names: string[]): Client[] {
  const clients = names.map((name) => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState(null);
    const presence = new Presence({
      awareness,
      user: { id: `user-${name}`, name, colour: '#0090ff' },
    });
    const map = new TestMap();
    const unbind = presence.bindMap(map);
    cleanups.push(() => {
      unbind();
      presence.destroy();
      awareness.destroy();
      doc.destroy();
    });
    return { presence, map, awareness, doc };
  });
  for (const from of clients) {
    from.awareness.on(
      'update',
      ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
        if (origin === 'relay') return;
        const changed = [...added!, ...updated!, ...removed!];
        const update = encodeAwarenessUpdate(from.awareness, changed);
        for (const to of clients) {
          if (to !== from) applyAwarenessUpdate(to.awareness, update, 'relay');
        }
      },
    );
    // Announce what was set before the relay existed.
    from.awareness.setLocalState(from.awareness.getLocalState());
  }
  flushSync();
  return clients;
}

const settle = (check: () => void) => vi.waitFor(check, { timeout: 2_000, interval: 10 });

describe('Presence', () => {
  it('lists everyone, once, with yourself marked', async () => {
    const [ana, bo] = room(['Ana', 'Bo']);
    await settle(() => expect(bo!.presence.people.map((p) => p.user.name)).toEqual(['Bo', 'Ana']));
    expect(ana!.presence.people.find((p) => p.isSelf)?.user.name).toBe('Ana');
  });

  it("shows who has a card selected through the map's selection", async () => {
    const [ana, bo] = room(['Ana', 'Bo']);
    ana!.map.selectedCardId = 'card-1';
    flushSync();
    await settle(() =>
      expect(bo!.presence.peopleOnCard('card-1').map((p) => p.user.name)).toEqual(['Ana']),
    );
  });

  it("moves the follower's map with the leader's, and stops when the follower scrolls", async () => {
    const [ana, bo] = room(['Ana', 'Bo']);
    await settle(() => expect(bo!.presence.peers).toHaveLength(2));
    bo!.presence.follow(ana!.presence.clientId);
    ana!.map.scroll({ x: 300, y: 120, zoom: 1.5 });
    flushSync();
    await settle(() => expect(bo!.map.viewport).toEqual({ x: 300, y: 120, zoom: 1.5 }));
    expect(bo!.presence.following).toBe(ana!.presence.clientId);

    // Past the window in which the map settling after a jump is not taken as a scroll.
    await new Promise((resolve) => setTimeout(resolve, 450));
    bo!.map.scroll({ x: 0, y: 0, zoom: 1.5 });
    await settle(() => expect(bo!.presence.following).toBeNull());
    // …and stays where they scrolled.
    expect(bo!.map.viewport).toEqual({ x: 0, y: 0, zoom: 1.5 });
  });

  it('stops following when the follower zooms with a control', async () => {
    const [ana, bo] = room(['Ana', 'Bo']);
    await settle(() => expect(bo!.presence.peers).toHaveLength(2));
    bo!.presence.follow(ana!.presence.clientId);
    flushSync();
    bo!.map.setViewport({ x: 0, y: 0, zoom: 2 });
    flushSync();
    await settle(() => expect(bo!.presence.following).toBeNull());
  });

  it('brings everyone to the summoner once, with a notice', async () => {
    const [ana, bo, cy] = room(['Ana', 'Bo', 'Cy']);
    await settle(() => expect(cy!.presence.peers).toHaveLength(3));
    ana!.map.scroll({ x: 500, y: 40, zoom: 0.75 });
    flushSync();
    ana!.presence.summon();
    await settle(() => {
      expect(bo!.map.viewport).toEqual({ x: 500, y: 40, zoom: 0.75 });
      expect(cy!.map.viewport).toEqual({ x: 500, y: 40, zoom: 0.75 });
    });
    expect(bo!.presence.notice?.by).toBe('Ana');

    // Later updates of Ana's state carry the same summon: nobody is pulled back.
    bo!.map.scroll({ x: 0, y: 0, zoom: 1 });
    ana!.map.selectedCardId = 'card-2';
    flushSync();
    await settle(() => expect(bo!.presence.peopleOnCard('card-2')).toHaveLength(1));
    expect(bo!.map.viewport).toEqual({ x: 0, y: 0, zoom: 1 });
  });

  it('ignores a summon already in the room when someone arrives', async () => {
    const [ana, bo] = room(['Ana', 'Bo']);
    ana!.map.scroll({ x: 500, y: 40, zoom: 0.75 });
    flushSync();
    ana!.presence.summon();
    await settle(() => expect(bo!.map.viewport.x).toBe(500));

    const late = new Presence({
      awareness: (() => {
        const awareness = new Awareness(new Y.Doc());
        applyAwarenessUpdate(
          awareness,
          encodeAwarenessUpdate(ana!.awareness, [ana!.awareness.clientID]),
          'relay',
        );
        return awareness;
      })(),
      user: { id: 'user-late', name: 'Late', colour: '#30a46c' },
    });
    const map = new TestMap();
    const unbind = late.bindMap(map);
    cleanups.push(() => {
      unbind();
      late.destroy();
    });
    flushSync();
    expect(late.peers.some((peer) => peer.user.name === 'Ana')).toBe(true);
    expect(map.viewport).toEqual({ x: 0, y: 0, zoom: 1 });
    expect(late.notice).toBeNull();
  });

  it('removes a person who leaves', async () => {
    const [ana, bo] = room(['Ana', 'Bo']);
    await settle(() => expect(bo!.presence.peers).toHaveLength(2));
    ana!.presence.destroy();
    await settle(() => expect(bo!.presence.people.map((p) => p.user.name)).toEqual(['Bo']));
  });
});
