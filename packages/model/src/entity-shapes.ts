import { z } from 'zod';
import { COMMENT_TARGET_KINDS } from './comments-types.ts';
import { DECISION_LIMITS } from './decisions-validate.ts';
import { IDEA_KINDS } from './decisions-types.ts';
import { EVIDENCE_LIMITS } from './stories-validate.ts';
import { COMMENTS_ROOT, IDEAS_ROOT } from './schema.ts';
import { LIMITS } from './validate.ts';

/*
 * The shape of what members write, for whoever must judge a write without trusting the
 * writer (the sync server). Every root below holds `id -> Y.Map` entities; comments and
 * ideas, which the lowest writing role writes, also have every field's type fixed here.
 */

/** Roots whose every entry is an entity map keyed by an id. */
export const ENTITY_ROOTS: readonly string[] = [
  'stages',
  'lanes',
  'cards',
  'personas',
  'stories',
  'annotations',
  'comments',
  'initiatives',
  'kpis',
  'ideas',
];

/**
 * Roots whose entries belong to their authors (the sync server lets only the author edit
 * one): whoever rewrites the board as a whole, like a restore, leaves them alone.
 */
export const AUTHORED_ROOTS: readonly string[] = [COMMENTS_ROOT, IDEAS_ROOT];

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const userId = z.string().min(1).max(LIMITS.userId);
const time = z.number().finite().nonnegative();

/** Whether a value fits one field. */
export type FieldCheck = (value: unknown) => boolean;

function checks(schemas: Record<string, z.ZodType>): Readonly<Record<string, FieldCheck>> {
  return Object.fromEntries(
    Object.entries(schemas).map(([key, schema]) => [
      key,
      (value) => schema.safeParse(value).success,
    ]),
  );
}

/** A comment's fields (comments.ts writes them; comments-read.ts reads them). */
export const COMMENT_FIELDS = checks({
  targetKind: z.enum(COMMENT_TARGET_KINDS),
  targetId: id,
  threadId: id.nullable(),
  body: z.string().max(EVIDENCE_LIMITS.comment),
  mentions: z.array(userId).max(EVIDENCE_LIMITS.mentions),
  author: userId,
  createdAt: time,
  editedAt: time.nullable(),
  deleted: z.boolean(),
  resolved: z.object({ by: userId, at: time }).nullable(),
});

/** An idea's fields (ideas.ts). */
export const IDEA_FIELDS = checks({
  stageId: id,
  kind: z.enum(IDEA_KINDS),
  text: z.string().max(DECISION_LIMITS.idea),
  author: userId,
  createdAt: time,
  triage: z
    .object({
      by: userId,
      at: time,
      outcome: z.enum(['accepted', 'dismissed']),
      cardId: id.nullable(),
      note: z.string().max(DECISION_LIMITS.reason),
    })
    .nullable(),
});
