import {
  cleanName,
  colourFor,
  guestName,
  PRESENCE_COLOURS,
  type PresenceUser,
} from './presence-state.ts';

const KEY = 'journeyboard:guest-profile';

interface StoredProfile {
  name?: unknown;
  colour?: unknown;
}

function readStored(): StoredProfile {
  try {
    const raw = localStorage.getItem(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch (error) {
    // A hand-edited or foreign value must not keep the board from opening.
    console.warn('Ignoring an unreadable guest profile', error);
    return {};
  }
}

/**
 * The guest's name and colour as chosen on this device, with "Guest 1234" and a colour
 * derived from the id until they choose. Sign-in will pass the account's instead.
 */
export function guestUser(id: string): PresenceUser {
  const stored = readStored();
  const name = typeof stored.name === 'string' ? cleanName(stored.name) : '';
  const colour =
    typeof stored.colour === 'string' &&
    (PRESENCE_COLOURS as readonly string[]).includes(stored.colour)
      ? stored.colour
      : colourFor(id);
  return { id, name: name || guestName(id), colour };
}

export function saveGuestProfile(profile: { name: string; colour: string }): void {
  localStorage.setItem(
    KEY,
    JSON.stringify({ name: cleanName(profile.name), colour: profile.colour }),
  );
}
