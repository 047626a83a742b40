/** The history endpoints of a board, as the panel calls them. */
export interface VersionView {
  id: string;
  name: string;
  kind: 'manual' | 'auto' | 'before-restore' | 'before-import';
  authorName: string | null;
  createdAt: number;
}

export interface ActivityView {
  verb: 'added' | 'moved' | 'edited' | 'deleted' | 'renamed' | 'restored' | 'undid';
  subject: string;
  id: string;
  label: string;
  where?: string;
  authorName: string;
  at: number | null;
  count: number;
}

async function problemOf(response: Response): Promise<Error> {
  let message = `The server answered ${response.status}.`;
  try {
    const body = (await response.json()) as { message?: unknown };
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // Not JSON: keep the status line.
  }
  return new Error(message);
}

export function historyApi(boardId: string) {
  const base = `/b/${encodeURIComponent(boardId)}`;
  return {
    async list(): Promise<VersionView[]> {
      const response = await fetch(`${base}/history`);
      if (!response.ok) throw await problemOf(response);
      return ((await response.json()) as { versions: VersionView[] }).versions;
    },
    async save(name: string): Promise<void> {
      const response = await fetch(`${base}/history`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
      if (!response.ok) throw await problemOf(response);
    },
    /** Keeps the current state as a version on the server, then hands back the version's. */
    async startRestore(id: string): Promise<Uint8Array> {
      const response = await fetch(`${base}/history/${encodeURIComponent(id)}/restore`, {
        method: 'POST',
      });
      if (!response.ok) throw await problemOf(response);
      return new Uint8Array(await response.arrayBuffer());
    },
    previewUrl: (id: string) => `${base}/history/${encodeURIComponent(id)}/preview`,
    async activity(): Promise<ActivityView[]> {
      const response = await fetch(`${base}/activity`);
      if (!response.ok) throw await problemOf(response);
      return ((await response.json()) as { items: ActivityView[] }).items;
    },
    async saveTemplate(name: string): Promise<void> {
      const response = await fetch(`${base}/template`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
      if (!response.ok) throw await problemOf(response);
    },
  };
}

const KIND_LABELS: Record<VersionView['kind'], string | null> = {
  manual: null,
  auto: 'Automatic',
  'before-restore': 'Before restore',
  'before-import': 'Imported',
};

export function kindLabel(kind: VersionView['kind']): string | null {
  return KIND_LABELS[kind];
}

/** "Ada added a card “Slow signup” (Onboarding · Friction points)". */
export function describeActivity(item: ActivityView): string {
  const label = item.label ? ` “${item.label}”` : '';
  if (item.subject === 'title') return `${item.authorName} renamed the board to${label}`;
  if (item.subject === 'mission') return `${item.authorName} edited the mission`;
  if (item.verb === 'restored') return `${item.authorName} restored version${label}`;
  if (item.verb === 'undid') return `${item.authorName} undid the restore of${label}`;
  const article = /^[aeiou]/.test(item.subject) ? 'an' : 'a';
  const where = item.where
    ? item.verb === 'moved'
      ? ` to ${item.where}`
      : ` in ${item.where}`
    : '';
  return `${item.authorName} ${item.verb} ${article} ${item.subject}${label}${where}`;
}

/** The activity feed's "kind" filter: what people look for, not the replay's verbs. */
export const ACTIVITY_KINDS = {
  added: { label: 'Additions', verbs: ['added'] },
  edited: { label: 'Edits', verbs: ['edited', 'renamed'] },
  moved: { label: 'Moves', verbs: ['moved'] },
  deleted: { label: 'Deletions', verbs: ['deleted'] },
  restored: { label: 'Restores', verbs: ['restored', 'undid'] },
} as const satisfies Record<string, { label: string; verbs: readonly ActivityView['verb'][] }>;

export type ActivityKind = keyof typeof ACTIVITY_KINDS;

/** The feed's lines by one person and/or of one kind ('' for any). */
export function filterActivity(
  items: readonly ActivityView[],
  person: string,
  kind: ActivityKind | '',
): ActivityView[] {
  const verbs: readonly string[] | null = kind ? ACTIVITY_KINDS[kind].verbs : null;
  return items.filter(
    (item) => (!person || item.authorName === person) && (!verbs || verbs.includes(item.verb)),
  );
}
