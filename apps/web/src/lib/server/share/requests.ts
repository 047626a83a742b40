import { z } from 'zod';
import { INVITE_EXPIRY_DAYS } from './invite.ts';

const invitableRole = z.enum(['editor', 'commenter', 'viewer'], {
  error: 'Choose editor, commenter or viewer.',
});

/** Share dialog: a new invite link, optionally addressed to one person. */
export const shareInviteRequest = z
  .object({
    role: invitableRole.default('editor'),
    expiresInDays: z.literal(INVITE_EXPIRY_DAYS, { error: 'Choose 1, 7 or 30 days.' }).default(7),
    /** An emailed invite is for one person, so its link works once. */
    email: z.email({ error: 'Enter a valid email address.' }).max(254).optional(),
  })
  .strict();

export const memberRoleRequest = z
  .object({
    role: z.enum(['owner', 'editor', 'commenter', 'viewer'], { error: 'Choose a role.' }),
  })
  .strict();
