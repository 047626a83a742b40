import type * as Y from 'yjs';
import { COMMENTS_ROOT, IDEAS_ROOT, SERVER_ROOTS, lockedOutReason } from '@journeyboard/model';
import type { WriteDecision, WritePolicy } from './options.ts';
import { checkShapes } from './shape-policy.ts';
import { viewUpdate, type UpdateView } from './update-places.ts';

/**
 * Owners and editors write anything; commenters only inside the `comments` map (their
 * own comments, replies and deletions there); viewers nothing. Commenters may also
 * submit to the idea inbox (`ideas`), and nothing else. The update is decoded and
 * every struct and every deleted range is traced to its top-level type, so a commenter
 * cannot slip a card edit into an update that also adds a comment. Then, whatever the
 * role, what is written must have the board's shape and comments and ideas stay their
 * authors' (shape-policy.ts).
 */
export const roleWritePolicy: WritePolicy = ({ role, update, doc, userId, decoded }) => {
  if (role === 'viewer') return { ok: false, reason: 'a viewer cannot edit this board' };
  if (!doc) {
    return role === 'commenter'
      ? { ok: false, reason: 'a commenter can only write comments' }
      : { ok: true };
  }
  // The lock lives in a root only the server writes: the room's durable copy is trusted.
  const locked = lockedOutReason(doc, { role, userId });
  if (locked) return { ok: false, reason: locked };
  const view = viewUpdate(doc, update, decoded);
  if (!view) return { ok: false, reason: 'the update could not be decoded' };
  // Tallies, the shared timer and the lock are the server's: an editor forging them
  // would defeat the secret ballot and the lock.
  const byRole =
    role === 'commenter'
      ? onlyUnder(view, [COMMENTS_ROOT, IDEAS_ROOT])
      : avoidsUnder(view, SERVER_ROOTS);
  return byRole.ok ? checkShapes({ doc, view, role, userId }) : byRole;
};

/** Whether no struct or deletion of a V1 update lies under one of `roots`. */
export function avoidsRoots(
  doc: Y.Doc,
  update: Uint8Array,
  roots: readonly string[],
): WriteDecision {
  const view = viewUpdate(doc, update);
  return view ? avoidsUnder(view, roots) : { ok: false, reason: 'the update could not be decoded' };
}

function avoidsUnder(view: UpdateView, roots: readonly string[]): WriteDecision {
  const touched = [...view.items, ...view.deletions].find(
    ({ place }) => place !== null && roots.includes(place.root),
  );
  if (!touched?.place) return { ok: true };
  return {
    ok: false,
    reason: `only the server writes ${touched.place.root} (voting results, timer and lock)`,
  };
}

/** Whether every struct and deletion in a V1 update lies under the root type `root`. */
export function onlyTouches(
  doc: Y.Doc,
  update: Uint8Array,
  root: string | readonly string[],
): WriteDecision {
  // Several roots: an offline commenter's catch-up update may carry both comments and
  // ideas. The refusal names the first (existing clients show that message).
  const roots: readonly string[] = typeof root === 'string' ? [root] : root;
  const view = viewUpdate(doc, update);
  return view ? onlyUnder(view, roots) : { ok: false, reason: 'the update could not be decoded' };
}

function onlyUnder(view: UpdateView, roots: readonly string[]): WriteDecision {
  const outside =
    view.unknownDeletions > 0 ||
    [...view.items, ...view.deletions].some(
      ({ place }) => place === null || !roots.includes(place.root),
    );
  return outside
    ? { ok: false, reason: `a commenter can only write ${roots[0] ?? ''}` }
    : { ok: true };
}
