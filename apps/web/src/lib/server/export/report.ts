import type * as Y from 'yjs';
import {
  evidenceByCard,
  getMissionText,
  rankFriction,
  readBoard,
  readInitiatives,
  readKpis,
  readVoteEntries,
  type Board,
  type CardEvidence,
  type Initiative,
  type Kpi,
  type RankedFriction,
  type VoteEntry,
} from '@journeyboard/model';

/**
 * Everything the report, CSV and map exports read from a board, in one plain object.
 * Decisions (initiatives, KPIs, votes) are newer features: each is read on its own and a
 * reader that fails leaves its part empty rather than failing the whole export.
 */
export interface ReportData {
  board: Board;
  mission: string;
  /** Member id → display name, for keepers, owners and authors. */
  names: ReadonlyMap<string, string>;
  kpis: readonly Kpi[];
  friction: readonly RankedFriction[];
  evidence: ReadonlyMap<string, CardEvidence>;
  initiatives: readonly Initiative[];
  /** Voting sessions, newest first. */
  votes: readonly VoteEntry[];
}

function attempt<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch (error) {
    console.warn('export: a part of the board could not be read', error);
    return fallback;
  }
}

export function collectReport(doc: Y.Doc, names: ReadonlyMap<string, string>): ReportData {
  const board = readBoard(doc);
  return {
    board,
    mission: attempt(() => getMissionText(doc).toJSON(), ''),
    names,
    kpis: attempt(() => readKpis(doc), []),
    friction: attempt(() => rankFriction(doc, board), []),
    evidence: attempt(() => evidenceByCard(doc), new Map<string, CardEvidence>()),
    initiatives: attempt(() => readInitiatives(doc), []),
    votes: attempt(() => readVoteEntries(doc), []),
  };
}

/** A member's name; someone who has left the board is named as on the board, never by id. */
export function nameOf(data: ReportData, userId: string | null | undefined): string {
  if (!userId) return '';
  return data.names.get(userId) ?? 'A former member';
}

/** The reason of the latest move to "stopped", if any. */
export function stopReason(initiative: Initiative): string {
  for (let i = initiative.history.length - 1; i >= 0; i--) {
    const change = initiative.history[i]!;
    if (change.to === 'stopped') return change.reason;
  }
  return '';
}

/** How many friction points and quotes per point the reports show. */
export const TOP_FRICTION = 10;
export const QUOTES_PER_POINT = 2;

export function kpiValueText(value: number, unit: string): string {
  return unit ? `${value} ${unit}` : String(value);
}

/** ", trend up", ", trend down" or ", trend flat" from the KPI's last two values. */
export function trendOf(values: readonly { value: number }[]): string {
  if (values.length < 2) return '';
  const [before, now] = [values.at(-2)!.value, values.at(-1)!.value];
  return now > before ? ', trend up' : now < before ? ', trend down' : ', trend flat';
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "board-title" for file names: letters, digits and dashes. */
export function fileStem(title: string): string {
  const stem = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s_]+/g, '-')
    .toLowerCase()
    .slice(0, 60);
  return stem || 'journey-board';
}
