import type { Initiative } from '@journeyboard/model';
import { describe, expect, it } from 'vitest';
import { initiativeChip } from './initiative-chip.ts';

function initiative(patch: Partial<Initiative>): Initiative {
  return {
    id: 'i1',
    title: 'Card entry fix',
    ownerId: 'u1',
    stageId: null,
    kpiId: null,
    impact: 3,
    effort: 3,
    status: 'proposed',
    cardIds: ['c1'],
    raisedBy: [],
    learnt: '',
    history: [],
    createdBy: 'u1',
    createdAt: 1,
    ...patch,
  };
}

describe('initiativeChip', () => {
  it('shows nothing for a card no initiative takes on', () => {
    expect(initiativeChip('c2', [initiative({})])).toBeNull();
  });

  it('names the state of each kind of initiative', () => {
    for (const status of ['proposed', 'active', 'done'] as const) {
      expect(initiativeChip('c1', [initiative({ status })])?.label).toBe(`Initiative ${status}`);
    }
  });

  it('says a stopped initiative stopped, with the reason on hover', () => {
    const stopped = initiative({
      status: 'stopped',
      history: [
        { by: 'u1', at: 1, from: null, to: 'proposed', reason: '' },
        { by: 'u1', at: 2, from: 'proposed', to: 'stopped', reason: 'Vendor fixed it' },
      ],
    });
    expect(initiativeChip('c1', [stopped])).toEqual({
      status: 'stopped',
      label: 'Initiative stopped',
      title: 'Initiative “Card entry fix” was stopped: Vendor fixed it',
    });
  });

  it('lets an active initiative speak before a stopped one', () => {
    const chip = initiativeChip('c1', [
      initiative({ id: 'a', status: 'stopped' }),
      initiative({ id: 'b', title: 'Retry', status: 'active' }),
    ]);
    expect(chip?.status).toBe('active');
    expect(chip?.title).toBe('Initiative “Retry” is taking this on (and 1 more)');
  });
});
