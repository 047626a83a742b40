import { describe, expect, it } from 'vitest';
import { limitsFromEnv } from './env-limits.ts';

describe('limitsFromEnv', () => {
  it('reads the limits that are set and leaves the rest to the defaults', () => {
    expect(
      limitsFromEnv({
        JOURNEYBOARD_MAX_BOARD_BYTES: '1048576',
        JOURNEYBOARD_MAX_UPDATE_CLIENTS: '',
      }),
    ).toEqual({ maxBoardBytes: 1_048_576 });
  });

  it.each(['0', '-5', '1.5', 'lots'])('refuses %s with the variable named', (raw) => {
    expect(() => limitsFromEnv({ JOURNEYBOARD_BOARD_GROWTH_BYTES_PER_MINUTE: raw })).toThrow(
      `JOURNEYBOARD_BOARD_GROWTH_BYTES_PER_MINUTE must be a positive whole number (got JOURNEYBOARD_BOARD_GROWTH_BYTES_PER_MINUTE=${raw})`,
    );
  });
});
