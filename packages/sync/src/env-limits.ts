import type { SyncLimits } from './options.ts';

/** The limits an operator may change, by environment variable (README, Configuration). */
const ENV_LIMITS = {
  JOURNEYBOARD_MAX_BOARD_BYTES: 'maxBoardBytes',
  JOURNEYBOARD_BOARD_GROWTH_BYTES_PER_MINUTE: 'boardGrowthBytesPerMinute',
  JOURNEYBOARD_MAX_UPDATE_CLIENTS: 'maxUpdateClients',
  JOURNEYBOARD_MAX_UPDATE_STRUCTS: 'maxUpdateStructs',
  JOURNEYBOARD_MAX_COMMENT_UPDATE_STRUCTS: 'maxCommentUpdateStructs',
  JOURNEYBOARD_MAX_INTEGRATION_WORK: 'maxIntegrationWork',
  JOURNEYBOARD_INTEGRATION_WORK_PER_SECOND: 'integrationWorkPerSecond',
} as const satisfies Record<string, keyof SyncLimits>;

/** The limits set in `env`; throws with the variable's name on a value that is not a positive integer. */
export function limitsFromEnv(env: NodeJS.ProcessEnv): Partial<SyncLimits> {
  const limits: Partial<SyncLimits> = {};
  for (const [name, key] of Object.entries(ENV_LIMITS)) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new Error(`${name} must be a positive whole number (got ${name}=${raw})`);
    }
    limits[key] = value;
  }
  return limits;
}
