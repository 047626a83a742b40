import { describe, expect, it } from 'vitest';
import type { Initiative } from '@journeyboard/model';
import { matrixLayout } from './matrix.ts';
import { initials, mergeMembers, personName } from './people.ts';

function initiative(id: string, impact: number, effort: number): Initiative {
  return {
    id,
    title: id,
    ownerId: 'a',
    stageId: null,
    kpiId: null,
    impact,
    effort,
    status: 'proposed',
    cardIds: [],
    raisedBy: [],
    learnt: '',
    history: [],
    createdBy: 'a',
    createdAt: 0,
  };
}

describe('value/effort matrix layout', () => {
  it('puts high impact at the top and low effort on the left', () => {
    const [quickWin, moneyPit] = matrixLayout([initiative('q', 5, 1), initiative('m', 1, 5)]);
    expect(quickWin).toMatchObject({ x: 6, y: 14 });
    expect(moneyPit).toMatchObject({ x: 94, y: 86 });
  });

  it('keeps the top and bottom bands free for the quadrant names', () => {
    const points = matrixLayout([
      initiative('a', 5, 5),
      initiative('b', 5, 5),
      initiative('c', 5, 5),
      initiative('d', 1, 1),
      initiative('e', 1, 1),
      initiative('f', 1, 1),
    ]);
    for (const point of points) {
      expect(point.y).toBeGreaterThanOrEqual(7);
      expect(point.y).toBeLessThanOrEqual(93);
    }
  });

  it('turns titles towards the middle so they stay inside the plot', () => {
    const [left, right] = matrixLayout([initiative('l', 5, 1), initiative('r', 5, 4)]);
    expect(left).toMatchObject({ labelSide: 'right', labelRoom: 45 });
    expect(right?.labelSide).toBe('left');
    for (const point of [left, right]) {
      const { x, labelSide, labelRoom } = point!;
      const far = labelSide === 'right' ? x + labelRoom : x - labelRoom;
      expect(far).toBeGreaterThanOrEqual(0);
      expect(far).toBeLessThanOrEqual(100);
    }
  });

  it('fans out initiatives with the same ratings so none hides another', () => {
    const points = matrixLayout([initiative('a', 3, 3), initiative('b', 3, 3)]);
    const [a, b] = points;
    expect(a && b && Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThan(4);
  });
});

describe('people', () => {
  const members = [
    { id: 'u1', name: 'Ana Lima' },
    { id: 'u2', name: 'Bruno' },
  ];

  it('names members, oneself as You, and strangers neutrally', () => {
    expect(personName('u2', members, 'u1')).toBe('Bruno');
    expect(personName('u1', members, 'u1')).toBe('You');
    expect(personName('gone', members, 'u1')).toBe('A former member');
  });

  it('makes initials from first and last names', () => {
    expect(initials('Ana Maria Lima')).toBe('AL');
    expect(initials('bruno')).toBe('B');
    expect(initials('  ')).toBe('?');
  });

  it('merges board members with people present, members winning, oneself included', () => {
    const merged = mergeMembers(members, [{ id: 'u2', name: 'bruno (guest)' }], 'me');
    expect(merged).toEqual([
      { id: 'u1', name: 'Ana Lima' },
      { id: 'u2', name: 'Bruno' },
      { id: 'me', name: 'You' },
    ]);
  });
});
