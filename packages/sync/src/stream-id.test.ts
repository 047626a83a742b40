import { describe, expect, it } from 'vitest';
import { compareStreamIds, maxStreamId } from './stream-id.ts';

describe('stream ids', () => {
  it('compare by milliseconds, then by sequence, beyond 2^53', () => {
    expect(compareStreamIds('5-1', '10-0')).toBe(-1);
    expect(compareStreamIds('10-2', '10-10')).toBe(-1);
    expect(compareStreamIds('9007199254740993-0', '9007199254740992-0')).toBe(1);
    expect(compareStreamIds('0-0', '0-0')).toBe(0);
    expect(maxStreamId('1-1', '1-0')).toBe('1-1');
  });
});
