import Papa from 'papaparse';
import { nameOf, stopReason, type ReportData } from './report.ts';

/**
 * Spreadsheets can run a cell that starts with = + - @ as a formula (CSV injection);
 * such text is prefixed with an apostrophe, which spreadsheets show as plain text.
 */
function cell(value: string | number | null): string | number {
  if (value === null) return '';
  if (typeof value === 'number') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Excel on Windows reads a CSV without a byte order mark as the local code page, so "→"
 * or "é" garble; with the UTF-8 BOM it reads UTF-8. Other spreadsheets ignore the mark.
 */
const UTF8_BOM = '\uFEFF';

function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return (
    UTF8_BOM +
    Papa.unparse({ fields: header, data: rows.map((row) => row.map(cell)) }, { newline: '\r\n' })
  );
}

/** Friction points in priority order: votes, evidence, who raised them, initiatives. */
export function frictionCsv(data: ReportData): string {
  const stageName = new Map(data.board.stages.map((s) => [s.id, s.name]));
  const initiativeTitle = new Map(data.initiatives.map((i) => [i.id, i.title]));
  return toCsv(
    [
      'rank',
      'friction point',
      'stage',
      'severity',
      'votes',
      'evidence',
      'stories',
      'raised by',
      'initiatives',
    ],
    data.friction.map((point, index) => {
      const evidence = data.evidence.get(point.cardId);
      return [
        index + 1,
        point.text,
        stageName.get(point.stageId) ?? '',
        point.severity,
        point.votes,
        evidence?.count ?? 0,
        evidence?.storyCount ?? 0,
        nameOf(data, point.raisedBy),
        point.initiativeIds.map((id) => initiativeTitle.get(id) ?? id).join('; '),
      ];
    }),
  );
}

/** Initiatives with owner, status (and why stopped), linked friction's votes and evidence. */
export function initiativesCsv(data: ReportData): string {
  const stageName = new Map(data.board.stages.map((s) => [s.id, s.name]));
  const kpiName = new Map(data.kpis.map((k) => [k.id, k.name]));
  const votes = new Map(data.friction.map((f) => [f.cardId, f.votes]));
  return toCsv(
    [
      'initiative',
      'status',
      'stop reason',
      'owner',
      'stage',
      'kpi',
      'impact',
      'effort',
      'votes',
      'evidence',
      'learnt',
    ],
    data.initiatives.map((initiative) => [
      initiative.title,
      initiative.status,
      initiative.status === 'stopped' ? stopReason(initiative) : '',
      nameOf(data, initiative.ownerId),
      initiative.stageId ? (stageName.get(initiative.stageId) ?? '') : '',
      initiative.kpiId ? (kpiName.get(initiative.kpiId) ?? '') : '',
      initiative.impact,
      initiative.effort,
      initiative.cardIds.reduce((sum, id) => sum + (votes.get(id) ?? 0), 0),
      initiative.cardIds.reduce((sum, id) => sum + (data.evidence.get(id)?.count ?? 0), 0),
      initiative.learnt,
    ]),
  );
}
