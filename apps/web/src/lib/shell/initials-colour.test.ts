import { describe, expect, it } from 'vitest';
import { initialsColour } from './initials-colour.ts';

describe('initials on a person’s colour', () => {
  it('is black on light colours and white on dark ones', () => {
    expect(initialsColour('#f2a541')).toBe('#000000'); // white was 2.05:1 here
    expect(initialsColour('#fde047')).toBe('#000000');
    expect(initialsColour('#4f46e5')).toBe('#ffffff');
    expect(initialsColour('#1d4ed8')).toBe('#ffffff');
  });

  it('falls back to white for a colour it cannot read', () => {
    expect(initialsColour('hsl(10 50% 50%)')).toBe('#ffffff');
    expect(initialsColour('')).toBe('#ffffff');
  });
});
