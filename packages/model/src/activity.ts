import * as Y from 'yjs';
import { readTitle } from './meta.ts';

/**
 * What changed between two states of a board, in words people use ("added a card to
 * Onboarding", "moved a card", "deleted a stage"). The activity feed replays the update
 * log and diffs a digest before and after each entry, so the feed is derived from the
 * log itself and cannot drift from the board.
 */
export type ActivityVerb =
  'added' | 'moved' | 'edited' | 'deleted' | 'renamed' | 'restored' | 'undid';
export type ActivitySubject =
  | 'card'
  | 'stage'
  | 'lane'
  | 'persona'
  | 'story'
  | 'highlight'
  | 'comment'
  | 'initiative'
  | 'kpi'
  | 'canvas item'
  | 'title'
  | 'mission'
  | 'version';

export interface ActivityChange {
  readonly verb: ActivityVerb;
  readonly subject: ActivitySubject;
  /** Entity id ('' for title and mission). */
  readonly id: string;
  /** A short label: card text, stage name... (truncated). */
  readonly label: string;
  /** Moves and additions of cards: where it went ("Onboarding · Friction points"). */
  readonly where?: string;
}

export interface DigestEntry {
  label: string;
  /** What a move changes (cards: lane and stage; others: order). */
  place: string;
  /** Everything else, to notice edits. */
  content: string;
}

/** A cheap, comparable picture of the board: per map, per id, label/place/content. */
export interface BoardDigest {
  readonly title: string;
  readonly mission: string;
  readonly maps: ReadonlyMap<string, ReadonlyMap<string, DigestEntry>>;
  readonly stageNames: ReadonlyMap<string, string>;
  readonly laneNames: ReadonlyMap<string, string>;
}

export const SUBJECTS: Record<string, ActivitySubject> = {
  cards: 'card',
  stages: 'stage',
  lanes: 'lane',
  personas: 'persona',
  stories: 'story',
  annotations: 'highlight',
  comments: 'comment',
  initiatives: 'initiative',
  kpis: 'kpi',
  canvas: 'canvas item',
};

const LABEL_FIELDS = ['text', 'name', 'title', 'body', 'note', 'tag'];
const LABEL_LENGTH = 60;

export function boardDigest(doc: Y.Doc): BoardDigest {
  const maps = new Map<string, Map<string, DigestEntry>>();
  for (const name of Object.keys(SUBJECTS)) {
    const entries = new Map<string, DigestEntry>();
    doc.getMap<unknown>(name).forEach((value, id) => entries.set(id, digestEntity(name, value)));
    maps.set(name, entries);
  }
  const names = (name: string) =>
    new Map(
      [...(maps.get(name) ?? new Map<string, DigestEntry>())].map(([id, e]) => [id, e.label]),
    );
  const meta = doc.getMap<unknown>('meta');
  const mission = meta.get('mission');
  return {
    title: readTitle(meta),
    mission: mission instanceof Y.Text ? mission.toJSON() : '',
    maps,
    stageNames: names('stages'),
    laneNames: names('lanes'),
  };
}

export function digestEntity(mapName: string, value: unknown): DigestEntry {
  if (!(value instanceof Y.Map)) {
    const json = JSON.stringify(value ?? null);
    const record =
      typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    const label = typeof record.type === 'string' ? record.type : mapName;
    // Canvas records: position is the move, the rest is content.
    const { x, y, ...rest } = record;
    return {
      label,
      place: JSON.stringify([x, y]),
      content: value === null ? json : JSON.stringify(rest),
    };
  }
  const entity = value as Y.Map<unknown>;
  let label = '';
  for (const field of LABEL_FIELDS) {
    const candidate = entity.get(field);
    const text = candidate instanceof Y.Text ? candidate.toJSON() : candidate;
    if (typeof text === 'string' && text.trim()) {
      label = text.trim();
      break;
    }
  }
  const placeValue = mapName === 'cards' ? entity.get('place') : entity.get('order');
  const place = JSON.stringify(
    mapName === 'cards' && typeof placeValue === 'object' && placeValue !== null
      ? [
          (placeValue as Record<string, unknown>).laneId,
          (placeValue as Record<string, unknown>).stageId,
        ]
      : (placeValue ?? null),
  );
  const content: Record<string, unknown> = {};
  for (const [key, field] of entity.entries()) {
    if (key === 'order' || key === 'place') continue;
    content[key] =
      field instanceof Y.AbstractType
        ? field.toJSON()
        : field instanceof Uint8Array
          ? [...field]
          : field;
  }
  return { label: short(label), place, content: JSON.stringify(content) };
}

function short(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > LABEL_LENGTH ? `${line.slice(0, LABEL_LENGTH - 1)}…` : line;
}

/** The changes from `before` to `after`, in a stable order (maps, then ids). */
export function diffDigests(before: BoardDigest, after: BoardDigest): ActivityChange[] {
  const changes: ActivityChange[] = [];
  if (before.title !== after.title) {
    changes.push({ verb: 'renamed', subject: 'title', id: '', label: short(after.title) });
  }
  if (before.mission !== after.mission) {
    changes.push({ verb: 'edited', subject: 'mission', id: '', label: short(after.mission) });
  }
  for (const [name, subject] of Object.entries(SUBJECTS)) {
    const was = before.maps.get(name) ?? new Map<string, DigestEntry>();
    const now = after.maps.get(name) ?? new Map<string, DigestEntry>();
    for (const [id, entry] of now) {
      const old = was.get(id);
      if (!old) {
        changes.push({
          verb: 'added',
          subject,
          id,
          label: entry.label,
          ...whereOf(name, entry, after),
        });
      } else if (old.place !== entry.place) {
        changes.push({
          verb: 'moved',
          subject,
          id,
          label: entry.label,
          ...whereOf(name, entry, after),
        });
      } else if (old.content !== entry.content) {
        const renamed = (name === 'stages' || name === 'lanes') && old.label !== entry.label;
        changes.push({ verb: renamed ? 'renamed' : 'edited', subject, id, label: entry.label });
      }
    }
    for (const [id, entry] of was) {
      if (!now.has(id)) changes.push({ verb: 'deleted', subject, id, label: entry.label });
    }
  }
  return changes;
}

function whereOf(mapName: string, entry: DigestEntry, digest: BoardDigest): { where?: string } {
  if (mapName !== 'cards') return {};
  const parsed: unknown = JSON.parse(entry.place);
  if (!Array.isArray(parsed)) return {};
  const [laneId, stageId] = parsed as unknown[];
  const stage = typeof stageId === 'string' ? digest.stageNames.get(stageId) : undefined;
  const lane = typeof laneId === 'string' ? digest.laneNames.get(laneId) : undefined;
  const where = [stage, lane].filter(Boolean).join(' · ');
  return where ? { where } : {};
}
