import { z } from 'zod';
import type { SnapshotKind, SnapshotSummary, Storage } from '@journeyboard/storage';
import type { BoardDocs } from '@journeyboard/sync';

/** What the history panel shows for one version. */
export interface VersionView {
  id: string;
  name: string;
  kind: SnapshotKind;
  authorName: string | null;
  createdAt: number;
}

const VERSION_NAME_MAX = 100;

export const saveVersionBody = z.object({
  name: z
    .string({ error: 'name must be text' })
    .transform((name) => name.replace(/\s+/g, ' ').trim())
    .pipe(
      z
        .string()
        .min(1, 'Give the version a name.')
        .max(VERSION_NAME_MAX, `Keep the name under ${VERSION_NAME_MAX} characters.`),
    ),
});

const AUTOMATIC_NAMES: Record<Exclude<SnapshotKind, 'manual'>, string> = {
  auto: 'Daily snapshot',
  'before-restore': 'Before restoring',
  'before-import': 'Imported',
};

/** Keeps the board's current stored state as a version. */
export async function saveVersion(
  storage: Storage,
  boardDocs: Pick<BoardDocs, 'readState'>,
  input: { boardId: string; name: string; kind: SnapshotKind; userId: string | null },
): Promise<SnapshotSummary> {
  const state = await boardDocs.readState(input.boardId);
  return storage.snapshots.create({
    id: crypto.randomUUID(),
    boardId: input.boardId,
    name: input.name || AUTOMATIC_NAMES[input.kind as Exclude<SnapshotKind, 'manual'>],
    kind: input.kind,
    createdBy: input.userId,
    state,
  });
}

export async function listVersions(storage: Storage, boardId: string): Promise<VersionView[]> {
  const [versions, members] = await Promise.all([
    storage.snapshots.list(boardId, 200),
    storage.members.listForBoard(boardId),
  ]);
  const names = new Map(members.map((m) => [m.user.id, m.user.displayName]));
  return versions.map((version) => ({
    id: version.id,
    name: version.name,
    kind: version.kind,
    authorName: version.createdBy ? (names.get(version.createdBy) ?? 'A former member') : null,
    createdAt: version.createdAt,
  }));
}

/** Version ids are UUIDs; anything else is refused before it reaches storage. */
export function isVersionId(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);
}
