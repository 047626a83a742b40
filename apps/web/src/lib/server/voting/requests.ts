import { error, json } from '@sveltejs/kit';
import { MIN_VOTERS_RANGE } from '@journeyboard/storage';
import { z } from 'zod';
import { readJsonBody } from '../json-body.ts';
import { MAX_TIMER_MINUTES } from './facilitation-service.ts';
import { VotingError, type VotingErrorCode } from './voting-error.ts';

/** Bodies are a few hundred bytes; anything much larger is not from our UI. */
const MAX_BODY_BYTES = 16 * 1024;
const SESSION_ID = /^[A-Za-z0-9_-]{16}$/;
const entityId = z.string().min(1).max(64);
const DAY_MS = 24 * 60 * 60 * 1000;

export const startSessionRequest = z
  .object({
    title: z.string().trim().min(1, 'Give the session a title.').max(120),
    budget: z.number().int().min(1).max(50),
    maxPerCard: z.number().int().min(1).max(50),
    mode: z.enum(['live', 'async']),
    privacy: z.enum(['secret', 'open']).default('secret'),
    /** Live sessions: the countdown, in minutes. */
    durationMinutes: z.number().min(1).max(MAX_TIMER_MINUTES).optional(),
    /** Async sessions: when voting closes (epoch milliseconds). */
    deadline: z.number().int().positive().optional(),
    laneIds: z.array(entityId).min(1).max(100).nullable().default(null),
    stageIds: z.array(entityId).min(1).max(100).nullable().default(null),
    /** Secret sessions: the fewest voters whose totals are published. */
    minVoters: z
      .number()
      .int('The minimum number of voters is a whole number.')
      .min(MIN_VOTERS_RANGE.min, `A secret vote needs at least ${MIN_VOTERS_RANGE.min} voters.`)
      .max(MIN_VOTERS_RANGE.max, `Ask for at most ${MIN_VOTERS_RANGE.max} voters.`)
      .optional(),
  })
  .strict()
  .refine((r) => r.mode !== 'async' || r.deadline !== undefined, {
    message: 'An async session needs a deadline.',
  })
  .refine((r) => r.deadline === undefined || r.deadline - Date.now() <= 90 * DAY_MS, {
    message: 'Choose a deadline within 90 days.',
  });

export const sessionAction = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('vote'),
      cardId: entityId,
      delta: z.union([z.literal(1), z.literal(-1)]),
    })
    .strict(),
  z.object({ action: z.literal('reveal') }).strict(),
  z.object({ action: z.literal('close') }).strict(),
]);

export const facilitationAction = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('timer'),
      minutes: z.number().min(0.25).max(MAX_TIMER_MINUTES),
      label: z.string().trim().max(80).default(''),
    })
    .strict(),
  z.object({ action: z.literal('stop-timer') }).strict(),
  z.object({ action: z.literal('lock') }).strict(),
  z.object({ action: z.literal('unlock') }).strict(),
]);

export function checkSessionId(value: string | undefined): string {
  if (!value || !SESSION_ID.test(value)) error(404, 'No such voting session on this board.');
  return value;
}

/** Reads a voting or facilitation request body no larger than MAX_BODY_BYTES. */
export function readBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  return readJsonBody(request, schema, MAX_BODY_BYTES);
}

const STATUS_OF: Record<VotingErrorCode, 400 | 404 | 409> = {
  'invalid-session': 400,
  'session-not-found': 404,
  'vote-refused': 409,
  'too-few-voters': 409,
  'locked-by-another': 409,
};

/** Turns a refusal the person can act on into a JSON answer; anything else propagates. */
export async function answer<T>(work: () => Promise<T>): Promise<Response> {
  try {
    return json(await work());
  } catch (caught) {
    if (caught instanceof VotingError) {
      return json(
        { code: caught.code, message: caught.message },
        { status: STATUS_OF[caught.code] },
      );
    }
    throw caught;
  }
}
