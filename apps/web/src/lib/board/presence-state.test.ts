import { describe, expect, it } from 'vitest';
import { Limits } from '@journeyboard/protocol';
import {
  IDLE_PRESENCE,
  colourFor,
  guestName,
  initials,
  parsePresence,
  peopleOnCard,
  sameViewport,
  uniquePeople,
  type Peer,
} from './presence-state.ts';

const user = (id: string, name: string) => ({ id, name, colour: '#0090ff' });

function peer(clientId: number, name: string, extra: Partial<Peer> = {}): Peer {
  return {
    clientId,
    isSelf: false,
    cursorAt: 0,
    user: user(name.toLowerCase(), name),
    ...IDLE_PRESENCE,
    ...extra,
  };
}

describe('parsePresence', () => {
  it('reads a well-formed state', () => {
    const state = parsePresence({
      user: user('u1', 'Ana'),
      cursor: { x: 10, y: 20 },
      selection: 'card-1',
      editing: null,
      viewport: { x: 0, y: 5, zoom: 1.5 },
      following: 42,
      summon: { nonce: 'n1', at: 1 },
      storyCaret: { storyId: 's1', anchor: 'AQID', head: 'AQIE' },
    });
    expect(state).toEqual({
      user: user('u1', 'Ana'),
      cursor: { x: 10, y: 20 },
      selection: 'card-1',
      editing: null,
      viewport: { x: 0, y: 5, zoom: 1.5 },
      following: 42,
      summon: { nonce: 'n1', at: 1 },
      storyCaret: { storyId: 's1', anchor: 'AQID', head: 'AQIE' },
    });
  });

  it('ignores states without a usable user', () => {
    expect(parsePresence(null)).toBeNull();
    expect(parsePresence({ cursor: { x: 1, y: 1 } })).toBeNull();
    expect(parsePresence({ user: { id: 'u', name: '   ' } })).toBeNull();
  });

  it('drops malformed fields instead of rendering them', () => {
    const state = parsePresence({
      user: { id: 'u1', name: 'Ana', colour: 'red; background: url(x)' },
      cursor: { x: Number.NaN, y: 1 },
      viewport: { x: 0, y: 0, zoom: 0 },
      selection: 42,
      storyCaret: { storyId: 's1', anchor: '<img src=x>', head: 'AQID' },
    });
    expect(state?.user.colour).toBe(colourFor('u1'));
    expect(state?.storyCaret).toBeNull();
    expect(state?.cursor).toBeNull();
    expect(state?.viewport).toBeNull();
    expect(state?.selection).toBeNull();
  });

  it('fits a full state well under the awareness size limit', () => {
    const state = {
      user: user('guest-' + 'x'.repeat(36), 'N'.repeat(40)),
      cursor: { x: 12345.6, y: 6543.2 },
      selection: 'c'.repeat(21),
      editing: 'c'.repeat(21),
      viewport: { x: 1000, y: 2000, zoom: 1.25 },
      following: 2 ** 31,
      summon: { nonce: crypto.randomUUID(), at: Date.now() },
      storyCaret: { storyId: 's'.repeat(16), anchor: 'A'.repeat(24), head: 'A'.repeat(24) },
    };
    expect(new TextEncoder().encode(JSON.stringify(state)).length).toBeLessThan(
      Limits.maxAwarenessBytes / 20,
    );
  });
});

describe('names and colours', () => {
  it('makes initials from the first and last word', () => {
    expect(initials('Ana María Pérez')).toBe('AP');
    expect(initials('ana')).toBe('AN');
    expect(initials('Guest 1234')).toBe('G1');
  });

  it('gives each guest id a stable four-digit name and colour', () => {
    expect(guestName('guest-a')).toMatch(/^Guest \d{4}$/);
    expect(guestName('guest-a')).toBe(guestName('guest-a'));
    expect(colourFor('guest-a')).toBe(colourFor('guest-a'));
  });
});

describe('who is where', () => {
  it('shows one avatar per person, yourself first', () => {
    const people = uniquePeople([
      peer(3, 'Zoe'),
      peer(1, 'Ana'),
      peer(2, 'Ana'),
      peer(4, 'Me', { isSelf: true }),
    ]);
    expect(people.map((p) => p.user.name)).toEqual(['Me', 'Ana', 'Zoe']);
  });

  it('lists other people on a card, editors first, not yourself', () => {
    const peers = [
      peer(1, 'Ana', { selection: 'c1' }),
      peer(2, 'Bo', { editing: 'c1', selection: 'c1' }),
      peer(3, 'Me', { isSelf: true, selection: 'c1' }),
      peer(4, 'Cy', { selection: 'c2' }),
    ];
    expect(peopleOnCard(peers, 'c1').map((p) => p.user.name)).toEqual(['Bo', 'Ana']);
  });

  it('compares viewports with a tolerance', () => {
    expect(sameViewport({ x: 0, y: 0, zoom: 1 }, { x: 0.4, y: 0, zoom: 1 })).toBe(true);
    expect(sameViewport({ x: 0, y: 0, zoom: 1 }, { x: 0, y: 0, zoom: 1.1 })).toBe(false);
    expect(sameViewport(null, null)).toBe(true);
  });
});
