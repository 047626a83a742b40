/**
 * What one person broadcasts on the awareness channel, and how we read what others
 * broadcast. Remote states are untrusted input: anything malformed is dropped rather
 * than rendered. No runes here so the logic is testable without Svelte.
 */

export interface PresenceUser {
  id: string;
  name: string;
  colour: string;
}

export interface MapPoint {
  x: number;
  y: number;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** "Bring everyone to me": each nonce is obeyed once by each other client. */
interface Summon {
  nonce: string;
  at: number;
}

/**
 * Where someone's caret is in a story's text, as Yjs relative positions (base64 of the
 * encoded position), so it stays on the same character while others type before it.
 */
export interface StoryCaret {
  storyId: string;
  /** Where the selection starts and where the caret is; equal when nothing is selected. */
  anchor: string;
  head: string;
}

export interface PresenceState {
  user: PresenceUser;
  /** In map coordinates, so people with different zoom and pan see it in the same place. */
  cursor: MapPoint | null;
  selection: string | null;
  editing: string | null;
  viewport: Viewport | null;
  /** The awareness client id this person follows. */
  following: number | null;
  summon: Summon | null;
  storyCaret: StoryCaret | null;
}

/** Everything but the user, as it is before someone does anything on the board. */
export const IDLE_PRESENCE: Omit<PresenceState, 'user'> = {
  cursor: null,
  selection: null,
  editing: null,
  viewport: null,
  following: null,
  summon: null,
  storyCaret: null,
};

export interface Peer extends PresenceState {
  clientId: number;
  isSelf: boolean;
  /** Local clock time at which this peer's cursor last moved, for fading idle cursors. */
  cursorAt: number;
}

export const MAX_NAME_LENGTH = 40;
const MAX_ID_LENGTH = 200;
const COLOUR = /^#[0-9a-f]{6}$/i;

/** Distinct on light and dark backgrounds, and readable under white text. */
export const PRESENCE_COLOURS = [
  '#e5484d',
  '#f76b15',
  '#d6a100',
  '#30a46c',
  '#0d9488',
  '#0090ff',
  '#6e56cf',
  '#d6409f',
  '#8d6e63',
  '#5b6676',
] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function optionalId(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH
    ? value
    : null;
}

function parseUser(value: unknown): PresenceUser | null {
  if (!isRecord(value)) return null;
  const id = optionalId(value.id);
  const name = typeof value.name === 'string' ? cleanName(value.name) : '';
  if (!id || !name) return null;
  const colour =
    typeof value.colour === 'string' && COLOUR.test(value.colour) ? value.colour : colourFor(id);
  return { id, name, colour };
}

function parsePoint(value: unknown): MapPoint | null {
  if (!isRecord(value) || !isFiniteNumber(value.x) || !isFiniteNumber(value.y)) return null;
  return { x: value.x, y: value.y };
}

function parseViewport(value: unknown): Viewport | null {
  if (!isRecord(value) || !isFiniteNumber(value.x) || !isFiniteNumber(value.y)) return null;
  if (!isFiniteNumber(value.zoom) || value.zoom <= 0) return null;
  return { x: value.x, y: value.y, zoom: value.zoom };
}

const POSITION = /^[A-Za-z0-9+/]{1,200}={0,2}$/;

function parseStoryCaret(value: unknown): StoryCaret | null {
  if (!isRecord(value)) return null;
  const storyId = optionalId(value.storyId);
  const { anchor, head } = value;
  if (!storyId || typeof anchor !== 'string' || typeof head !== 'string') return null;
  return POSITION.test(anchor) && POSITION.test(head) ? { storyId, anchor, head } : null;
}

function parseSummon(value: unknown): Summon | null {
  if (!isRecord(value) || !isFiniteNumber(value.at)) return null;
  const nonce = optionalId(value.nonce);
  return nonce ? { nonce, at: value.at } : null;
}

/** A remote awareness state as we render it, or null when it is not one of ours. */
export function parsePresence(value: unknown): PresenceState | null {
  if (!isRecord(value)) return null;
  const user = parseUser(value.user);
  if (!user) return null;
  return {
    user,
    cursor: parsePoint(value.cursor),
    selection: optionalId(value.selection),
    editing: optionalId(value.editing),
    viewport: parseViewport(value.viewport),
    following: isFiniteNumber(value.following) ? value.following : null,
    summon: parseSummon(value.summon),
    storyCaret: parseStoryCaret(value.storyCaret),
  };
}

export function cleanName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH);
}

/** Up to two letters: first and last word ("Ana María Pérez" → "AP"). */
export function initials(name: string): string {
  const words = cleanName(name).split(' ').filter(Boolean);
  const first = words[0] ?? '?';
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  const letters = [...first].slice(0, last ? 1 : 2).join('') + (last ? [...last][0] : '');
  return letters.toUpperCase();
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A stable colour per user id, so a person keeps their colour across visits. */
export function colourFor(id: string): string {
  return PRESENCE_COLOURS[hash(id) % PRESENCE_COLOURS.length] ?? PRESENCE_COLOURS[0];
}

/** "Guest 1234", stable for one guest id. */
export function guestName(id: string): string {
  return `Guest ${String(hash(`name:${id}`) % 10000).padStart(4, '0')}`;
}

/**
 * One entry per person: someone with two tabs open is one avatar. Yourself first, then
 * by name so the stack does not reshuffle as cursors move.
 */
export function uniquePeople(peers: readonly Peer[]): Peer[] {
  const byUser = new Map<string, Peer>();
  for (const peer of peers) {
    const known = byUser.get(peer.user.id);
    if (!known || (peer.isSelf && !known.isSelf)) byUser.set(peer.user.id, peer);
  }
  return [...byUser.values()].sort(
    (a, b) =>
      Number(b.isSelf) - Number(a.isSelf) ||
      a.user.name.localeCompare(b.user.name) ||
      a.clientId - b.clientId,
  );
}

/** Other people with that card selected or open for editing; editors first. */
export function peopleOnCard(peers: readonly Peer[], cardId: string): Peer[] {
  const seen = new Set<string>();
  const result: Peer[] = [];
  const order = (peer: Peer) => (peer.editing === cardId ? 0 : 1);
  for (const peer of [...peers].sort((a, b) => order(a) - order(b))) {
    if (peer.isSelf || seen.has(peer.user.id)) continue;
    if (peer.editing !== cardId && peer.selection !== cardId) continue;
    seen.add(peer.user.id);
    result.push(peer);
  }
  return result;
}

export function sameViewport(a: Viewport | null, b: Viewport | null, epsilon = 0.5): boolean {
  if (!a || !b) return a === b;
  return (
    Math.abs(a.x - b.x) <= epsilon &&
    Math.abs(a.y - b.y) <= epsilon &&
    Math.abs(a.zoom - b.zoom) <= 1e-3
  );
}
