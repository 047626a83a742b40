import Papa from 'papaparse';
import { PDFDocument } from 'pdf-lib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  addCard,
  addStage,
  buildDocFromBoardJson,
  exportBoardJson,
  parseBoardJson,
  readBoard,
  SERVER_OWNED_ROOTS,
} from '@journeyboard/model';
import { buildExport, EXPORT_FORMATS, type ExportFormat } from './formats.ts';
import { NAMES, exportBoard } from './test-board.ts';

const NOW = new Date('2026-11-23T10:00:00Z');

async function build(format: ExportFormat) {
  return buildExport(exportBoard(), format, NAMES, NOW);
}

function bytesOf(body: Uint8Array | string): Uint8Array {
  return typeof body === 'string' ? new TextEncoder().encode(body) : body;
}

function textOf(body: Uint8Array | string): string {
  return typeof body === 'string' ? body : new TextDecoder().decode(body);
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('board exports', () => {
  it('draws every stage and lane into a well-formed SVG', async () => {
    const file = await build('svg');
    expect(file.name).toBe('checkout-journey-more.svg');
    const svg = textOf(file.body);
    expect(XMLValidator.validate(svg)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(svg) as {
      svg: { '@_width': string; '@_height': string };
    };
    expect(Number(parsed.svg['@_width'])).toBeGreaterThan(1000);
    for (const stage of ['Awareness', 'Onboarding', 'Activation', 'Perceived value', 'Loyalty']) {
      expect(svg).toContain(`>${stage}<`);
    }
    expect(svg).toContain('Checkout &lt;journey&gt; &amp; &quot;more&quot;');
    expect(svg).toContain('Keeper: Ada Lovelace');
    expect(svg).toContain('<polyline'); // the emotion curve
    // KPIs lane: the stage's KPI, current against target.
    expect(svg.replace(/<\/text><text[^>]*>/g, ' ')).toContain(
      '>Activation rate: 31% / target 40%<',
    );
  });

  it('renders a PNG of the whole map at twice its size', async () => {
    const svg = await build('svg');
    const file = await build('png');
    const png = bytesOf(file.body);
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const { width, height } = pngSize(png);
    const match = /width="(\d+)" height="(\d+)"/.exec(textOf(svg.body))!;
    expect(width).toBe(Number(match[1]) * 2);
    expect(height).toBe(Number(match[2]) * 2);
  });

  it('draws a very wide map smaller instead of past the pixel limit', async () => {
    const doc = exportBoard();
    for (let i = 0; i < 55; i++) addStage(doc, { name: `Stage ${i}` }, { userId: 'ada' });
    const file = await buildExport(doc, 'png', NAMES, NOW);
    const { width, height } = pngSize(bytesOf(file.body));
    expect(width).toBeLessThanOrEqual(8_000);
    expect(width).toBeGreaterThan(7_000);
    expect(width * height).toBeLessThanOrEqual(24_000_000);
  });

  it('lays the map on one landscape PDF page', async () => {
    const file = await build('pdf');
    const pdf = bytesOf(file.body);
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
    const document = await PDFDocument.load(pdf);
    expect(document.getPageCount()).toBe(1);
    const { width, height } = document.getPage(0).getSize();
    expect(width).toBeGreaterThan(height);
    expect(document.getTitle()).toBe('Checkout <journey> & "more"');
  });

  it('writes a report with mission, keepers, KPIs, ranked friction, quotes and stop reasons', async () => {
    const md = textOf((await build('md')).body);
    expect(md).toContain('# Checkout \\<journey\\> & "more"');
    expect(md).toContain('Make paying feel effortless.');
    expect(md).toContain('Keeper: Ada Lovelace');
    expect(md).toContain('- KPI Activation rate: 31 %, target 40 %');
    expect(md).toMatch(/1\. \*\*=SUM\(A1\) card form rejects spaces\*\* — 5 votes · Onboarding/);
    expect(md).toContain('> “failed twice.”');
    expect(md).toMatch(/2\. \*\*Pricing page is confusing\*\* — 2 votes/);
    expect(md).toContain('**Rewrite pricing** (stopped)');
    expect(md).toContain('Stopped because: Marketing owns the page now');
  });

  it('lists every lane’s cards per stage, missing keepers once and the latest vote', async () => {
    const md = textOf((await build('md')).body);
    expect(md.match(/keeper/gi)).toHaveLength(2);
    expect(md).toContain('_No keeper yet: Awareness, Activation, Perceived value, Loyalty._');
    expect(md).toMatch(
      /### Awareness\n\n- Emotion curve: -2\n- Friction points:\n {2}- Pricing page is confusing/,
    );
    expect(md).toContain('## Personas');
    expect(md).toMatch(/## Latest vote\n\n\*\*Top friction\*\* — 4 voters/);
    expect(md).toContain('1. =SUM(A1) card form rejects spaces — 5 votes');
  });

  it('writes CSVs that parse back, with formula-looking cells defused', async () => {
    const friction = Papa.parse<string[]>(textOf((await build('friction-csv')).body)).data;
    expect(friction[0]).toEqual([
      'rank',
      'friction point',
      'stage',
      'severity',
      'votes',
      'evidence',
      'stories',
      'raised by',
      'initiatives',
    ]);
    expect(friction[1]).toEqual([
      '1',
      "'=SUM(A1) card form rejects spaces",
      'Onboarding',
      '',
      '5',
      '1',
      '1',
      'Ada Lovelace',
      'Accept spaces',
    ]);
    const initiatives = Papa.parse<Record<string, string>>(
      textOf((await build('initiatives-csv')).body),
      { header: true },
    ).data;
    expect(
      initiatives.map((row) => [row.initiative, row.status, row['stop reason'], row.owner]),
    ).toEqual([
      ['Accept spaces', 'active', '', 'Ada Lovelace'],
      ['Rewrite pricing', 'stopped', 'Marketing owns the page now', 'Ada Lovelace'],
    ]);
  });

  it('starts CSVs with the UTF-8 byte order mark so Excel reads arrows and accents', async () => {
    const doc = exportBoard();
    const friction = readBoard(doc).lanes.find((lane) => lane.kind === 'friction')!;
    addCard(
      doc,
      { laneId: friction.id, stageId: readBoard(doc).stages[0]!.id, text: 'Cart → payment: café' },
      { userId: 'ada' },
    );
    for (const format of ['friction-csv', 'initiatives-csv'] as const) {
      const bytes = bytesOf((await buildExport(doc, format, NAMES, NOW)).body);
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    }
    const text = textOf((await buildExport(doc, 'friction-csv', NAMES, NOW)).body);
    expect(text).toContain('Cart → payment: café');
  });

  it('names people who left the board "A former member", never by their id', async () => {
    const gone = new Map<string, string>();
    const md = textOf((await buildExport(exportBoard(), 'md', gone, NOW)).body);
    expect(md).toContain('Keeper: A former member');
    expect(md).toContain('raised by A former member');
    expect(md).toContain('**Rewrite pricing** (stopped) — owner A former member');
    expect(md).not.toMatch(/(Keeper:|raised by|owner) ada\b/);
    const friction = Papa.parse<Record<string, string>>(
      textOf((await buildExport(exportBoard(), 'friction-csv', gone, NOW)).body),
      { header: true },
    ).data;
    expect(friction[0]?.['raised by']).toBe('A former member');
    const initiatives = Papa.parse<Record<string, string>>(
      textOf((await buildExport(exportBoard(), 'initiatives-csv', gone, NOW)).body),
      { header: true },
    ).data;
    expect(initiatives.map((row) => row.owner)).toEqual(['A former member', 'A former member']);
    const svg = textOf((await buildExport(exportBoard(), 'svg', gone, NOW)).body);
    expect(svg).toContain('Keeper: A former member');
  });

  it('exports JSON that imports back into the same board, less the server-owned roots', async () => {
    const doc = exportBoard();
    const file = await buildExport(doc, 'json', NAMES, NOW);
    expect(file.name).toBe('checkout-journey-more.journeyboard.json');
    const parsed = parseBoardJson(textOf(file.body));
    if (!parsed.ok) throw new Error(parsed.error);
    const copy = buildDocFromBoardJson(parsed.value);
    expect(readBoard(copy)).toEqual(readBoard(doc));
    const expected = exportBoardJson(doc, NOW);
    // An import never carries tallies or a lock: those roots are the server's to write.
    expect(expected.board.maps).toHaveProperty('votes');
    for (const root of SERVER_OWNED_ROOTS) delete expected.board.maps[root];
    expect(exportBoardJson(copy, NOW)).toEqual(expected);
  });

  it('offers a file name and type for every format', () => {
    for (const format of Object.keys(EXPORT_FORMATS)) expect(format).toMatch(/^[a-z-]+$/);
  });
});
