import { exportBoardJson } from '@journeyboard/model';
import type * as Y from 'yjs';
import { frictionCsv, initiativesCsv } from './csv.ts';
import { drawMap } from './map-svg.ts';
import { boardMarkdown } from './markdown.ts';
import { mapPdf } from './map-pdf.ts';
import { mapPng } from './raster.ts';
import { reportPdf } from './report-pdf.ts';
import { collectReport, fileStem } from './report.ts';

/** What the export menu offers; the route's `[format]` is one of these keys. */
export const EXPORT_FORMATS = {
  png: { extension: 'png', type: 'image/png', label: 'Map as PNG' },
  svg: { extension: 'svg', type: 'image/svg+xml', label: 'Map as SVG' },
  pdf: { extension: 'pdf', type: 'application/pdf', label: 'Map as PDF' },
  md: { extension: 'md', type: 'text/markdown; charset=utf-8', label: 'Report (Markdown)' },
  'report-pdf': { extension: 'report.pdf', type: 'application/pdf', label: 'Report (PDF)' },
  'friction-csv': {
    extension: 'friction.csv',
    type: 'text/csv; charset=utf-8',
    label: 'Friction points (CSV)',
  },
  'initiatives-csv': {
    extension: 'initiatives.csv',
    type: 'text/csv; charset=utf-8',
    label: 'Initiatives (CSV)',
  },
  json: { extension: 'journeyboard.json', type: 'application/json', label: 'Whole board (JSON)' },
} as const;

export type ExportFormat = keyof typeof EXPORT_FORMATS;

export function isExportFormat(value: string): value is ExportFormat {
  return Object.hasOwn(EXPORT_FORMATS, value);
}

export interface ExportFile {
  name: string;
  type: string;
  body: Uint8Array | string;
}

/** Builds one export of the board's stored state. */
export async function buildExport(
  doc: Y.Doc,
  format: ExportFormat,
  names: ReadonlyMap<string, string>,
  now = new Date(),
): Promise<ExportFile> {
  const { extension, type } = EXPORT_FORMATS[format];
  const data = collectReport(doc, names);
  const name = `${fileStem(data.board.title)}.${extension}`;
  switch (format) {
    case 'svg':
      return { name, type, body: drawMap(data).svg };
    case 'png':
      return { name, type, body: mapPng(drawMap(data)).png };
    case 'pdf':
      return { name, type, body: await mapPdf(data) };
    case 'md':
      return { name, type, body: boardMarkdown(data, now) };
    case 'report-pdf':
      return { name, type, body: await reportPdf(data, now) };
    case 'friction-csv':
      return { name, type, body: frictionCsv(data) };
    case 'initiatives-csv':
      return { name, type, body: initiativesCsv(data) };
    case 'json':
      return { name, type, body: JSON.stringify(exportBoardJson(doc, now), null, 2) };
  }
}
