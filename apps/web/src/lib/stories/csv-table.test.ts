import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  CSV_LIMITS,
  applyTemplate,
  guessCsvMapping,
  importStoriesCsv,
  isCsvError,
  planStoriesImport,
  readBoard,
  readStories,
  type Actor,
} from '@journeyboard/model';
import { readCsvTable } from './csv-table.ts';

const alice: Actor = { userId: 'alice' };

const utf8 = (text: string) => new TextEncoder().encode(text);

function starterDoc() {
  const doc = new Y.Doc();
  applyTemplate(doc, 'starter', alice);
  return doc;
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const GOOD = [
  'Title,Source,Customer,Date,Persona,Notes,Stage',
  'Onboarding call,Interview,Acme,2026-03-02,Admin,"Setup took two weeks, ""painful""",Onboarding',
  'Ticket 4411,support ticket,Globex,2026/3/4,,Could not find the export,Activation;Onboarding',
  'NPS verbatim,Survey,SMB segment,,,Love the map view,',
].join('\r\n');

describe('CSV story import', () => {
  it('guesses the column mapping from header names', () => {
    const table = readCsvTable(utf8(GOOD));
    expect(guessCsvMapping(table.headers)).toEqual({
      title: 0,
      source: 1,
      customer: 2,
      date: 3,
      persona: 4,
      body: 5,
      stages: 6,
    });
  });

  it('imports a good file, one story per row, in one transaction', () => {
    const doc = starterDoc();
    const table = readCsvTable(utf8(GOOD));
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    importStoriesCsv(doc, table, guessCsvMapping(table.headers), alice);
    expect(transactions).toBe(1);
    const stories = readStories(doc);
    expect(stories.map((s) => s.title).sort()).toEqual([
      'NPS verbatim',
      'Onboarding call',
      'Ticket 4411',
    ]);
    const ticket = stories.find((s) => s.title === 'Ticket 4411')!;
    const stageNames = readBoard(doc)
      .stages.filter((s) => ticket.stageIds.includes(s.id))
      .map((s) => s.name);
    expect(ticket).toMatchObject({
      source: 'support-ticket',
      customer: 'Globex',
      date: '2026-03-04',
    });
    expect(stageNames.sort()).toEqual(['Activation', 'Onboarding']);
    expect(stories.find((s) => s.title === 'Onboarding call')!.body).toBe(
      'Setup took two weeks, "painful"',
    );
  });

  it('reports every bad row with its line and reason, and imports nothing', () => {
    const doc = starterDoc();
    const file = [
      'Title,Source,Date,Stage',
      'Fine,interview,2026-01-01,Awareness',
      ',survey,2026-01-02,',
      'Bad source,podcast,2026-01-03,',
      'Bad date,survey,03/04/2026,',
      'Bad stage,survey,,Nirvana',
    ].join('\n');
    const table = readCsvTable(utf8(file));
    const error = caught(() => importStoriesCsv(doc, table, guessCsvMapping(table.headers), alice));
    expect(isCsvError(error, 'invalid-rows')).toBe(true);
    const rows = (error as { rows: { row: number; message: string }[] }).rows;
    expect(rows.map((r) => r.row)).toEqual([3, 4, 5, 6]);
    expect(rows[0]!.message).toMatch(/title/);
    expect(rows[1]!.message).toMatch(/podcast/);
    expect(rows[2]!.message).toMatch(/03\/04\/2026/);
    expect(rows[3]!.message).toMatch(/Nirvana/);
    expect(readStories(doc)).toEqual([]);
  });

  it('asks for a title column when none is mapped', () => {
    const table = readCsvTable(utf8('Foo,Bar\n1,2'));
    expect(planStoriesImport(starterDoc(), table, {}).errors[0]!.message).toMatch(/title/);
  });

  it('refuses a file over the size limit with its size and the limit', () => {
    const row = 'Interview,' + 'The setup took two weeks and nobody answered. '.repeat(20) + '\n';
    const huge = utf8('Title,Body\n' + row.repeat(Math.ceil((6 * 1024 * 1024) / row.length)));
    const error = caught(() => readCsvTable(huge));
    expect(isCsvError(error, 'too-large')).toBe(true);
    expect((error as Error).message).toMatch(/^This file is 6\.\d MB; the limit is 5\.0 MB\./);
  });

  it('refuses more rows than one import takes', () => {
    const rows = Array.from({ length: CSV_LIMITS.maxRows + 1 }, (_, i) => `Story ${i}`);
    const error = caught(() => readCsvTable(utf8(['Title', ...rows].join('\n'))));
    expect(isCsvError(error, 'too-many-rows')).toBe(true);
  });

  it('refuses a UTF-16 file and says how to save it', () => {
    const bytes = new Uint8Array([
      0xff,
      0xfe,
      ...[...'Title\n'].flatMap((c) => [c.charCodeAt(0), 0]),
    ]);
    const error = caught(() => readCsvTable(bytes));
    expect(isCsvError(error, 'wrong-encoding')).toBe(true);
    expect((error as Error).message).toMatch(/UTF-16.*CSV UTF-8/);
  });

  it('refuses a file with NUL bytes (UTF-16 without BOM, or binary)', () => {
    const error = caught(() => readCsvTable(new Uint8Array([0x54, 0, 0x69, 0])));
    expect(isCsvError(error, 'wrong-encoding')).toBe(true);
  });

  it('reads invalid UTF-8 as Windows-1252, with a notice', () => {
    // "Café “ok”" as Excel on Windows writes it.
    const bytes = new Uint8Array([...utf8('Title\nCaf'), 0xe9, 0x20, 0x93, ...utf8('ok'), 0x94]);
    const table = readCsvTable(bytes);
    expect(table.encoding).toBe('windows-1252');
    expect(table.notice).toMatch(/Windows-1252/);
    expect(table.rows[0]![0]).toBe('Café “ok”');
  });

  it('strips a UTF-8 byte order mark from the first header', () => {
    const table = readCsvTable(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Title\nA')]));
    expect(table.headers).toEqual(['Title']);
    expect(table.notice).toBeNull();
  });

  it('refuses a file with only a header', () => {
    expect(
      isCsvError(
        caught(() => readCsvTable(utf8('Title\n'))),
        'empty',
      ),
    ).toBe(true);
  });

  it('reports an unclosed quote as an invalid file', () => {
    const error = caught(() => readCsvTable(utf8('Title,Body\nA,"never closed\nB,x')));
    expect(isCsvError(error, 'invalid-rows')).toBe(true);
  });
});
