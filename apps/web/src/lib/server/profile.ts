import type { UserProfilePatch } from '@journeyboard/storage';
import { field } from './form.ts';

const NAME_MAX = 80;
const COLOUR = /^#[0-9a-f]{6}$/;

/** The account page's profile form; the same rules as sign-up. */
export function parseProfile(
  data: FormData,
): { ok: true; profile: UserProfilePatch } | { ok: false; message: string } {
  const displayName = field(data, 'displayName').trim().normalize('NFC');
  const colour = field(data, 'colour').trim().toLowerCase();
  const department = field(data, 'department').trim().normalize('NFC');
  if (displayName.length === 0) return { ok: false, message: 'Enter a display name.' };
  if (displayName.length > NAME_MAX || department.length > NAME_MAX) {
    return { ok: false, message: `Use at most ${NAME_MAX} characters.` };
  }
  if (!COLOUR.test(colour)) return { ok: false, message: 'Choose a colour.' };
  return { ok: true, profile: { displayName, colour, department: department || null } };
}
