import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { FONT_FILES } from './fonts.ts';
import { drawMap, type MapDrawing } from './map-svg.ts';
import type { ReportData } from './report.ts';

/** A4 landscape in points. */
const PAGE = { width: 841.89, height: 595.28 } as const;
const MARGIN = 28;
const FOOTER = 18;
const AREA = { width: PAGE.width - MARGIN * 2, height: PAGE.height - MARGIN * 2 - FOOTER };
/** Below this the cards' 12.5 px text would print under 6 pt: tile instead of shrinking. */
const MIN_SCALE = 0.48;
/** The map drawing's fixed geometry (see map-svg.ts): margins, lane names, one column a stage. */
const SVG_SIDES = 32 * 2 + 190;
const SVG_COLUMN = 230;

/** One page's worth of the map: a drawing, the scale it prints at, the slice shown. */
interface Tile {
  drawing: MapDrawing;
  scale: number;
  /** Top of the slice in drawing pixels (tall maps continue on the next page). */
  offsetY: number;
}

/** The pages: the whole map on one when it stays legible, else stage groups, each cut in height. */
function tiles(data: ReportData): Tile[] {
  const whole = drawMap(data);
  const fit = Math.min(1, AREA.width / whole.width, AREA.height / whole.height);
  if (fit >= MIN_SCALE) return [{ drawing: whole, scale: fit, offsetY: 0 }];
  const scale = Math.min(1, Math.max(MIN_SCALE, AREA.width / whole.width));
  const perPage = Math.max(1, Math.floor((AREA.width / scale - SVG_SIDES) / SVG_COLUMN));
  const stages = data.board.stages;
  const result: Tile[] = [];
  for (let first = 0; first < Math.max(1, stages.length); first += perPage) {
    const drawing = drawMap(data, {
      stages: stages.slice(first, first + perPage),
      header: first === 0,
    });
    const sliceHeight = AREA.height / scale;
    for (let offsetY = 0; offsetY < drawing.height; offsetY += sliceHeight) {
      result.push({ drawing, scale, offsetY });
    }
  }
  return result;
}

/**
 * The journey map as a vector PDF: the very drawing of the SVG export, with its text as
 * text (selectable, searchable) in the embedded Noto Sans. A map too large to read on one
 * A4 page continues over several, groups of stages side by side, numbered.
 */
export function mapPdf(data: ReportData): Promise<Uint8Array> {
  const pdf = new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margin: 0,
    autoFirstPage: false,
    bufferPages: true,
    info: { Title: data.board.title || 'Journey map', Creator: 'Journeyboard' },
  });
  pdf.registerFont('Noto', FONT_FILES.regular);
  pdf.registerFont('Noto-Bold', FONT_FILES.bold);
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    pdf.on('error', reject);
  });

  const pages = tiles(data);
  for (const { drawing, scale, offsetY } of pages) {
    pdf.addPage();
    pdf.save();
    pdf.rect(MARGIN, MARGIN, AREA.width, AREA.height).clip();
    // The drawing's pixels become points, then the page's scale applies to all of it.
    pdf.translate(MARGIN, MARGIN - offsetY * scale).scale(scale);
    SVGtoPDF(pdf, drawing.svg, 0, 0, {
      assumePt: true,
      fontCallback: (_family: string, bold: boolean) => (bold ? 'Noto-Bold' : 'Noto'),
    });
    pdf.restore();
  }
  const range = pdf.bufferedPageRange();
  for (let index = 0; index < range.count; index++) {
    pdf.switchToPage(range.start + index);
    pdf
      .font('Noto')
      .fontSize(8)
      .fillColor('#5b6676')
      .text(`Page ${index + 1} of ${range.count}`, MARGIN, PAGE.height - MARGIN - 8, {
        width: AREA.width,
        align: 'right',
        lineBreak: false,
      });
  }
  pdf.end();
  return done;
}
