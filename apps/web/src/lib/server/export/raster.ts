import { Resvg } from '@resvg/resvg-js';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { FONT_FAMILY, FONT_FILES } from './fonts.ts';
import type { MapDrawing } from './map-svg.ts';

/** Sharp on a slide, but no PNG wider than this (big maps are drawn smaller). */
const MAX_PIXELS_WIDE = 8_000;
/** Nor larger than this in total: a huge board must not exhaust the server's memory. */
const MAX_PIXELS = 24_000_000;

export interface RasterImage {
  png: Uint8Array;
  width: number;
  height: number;
}

/** The map drawing as a PNG (resvg: no browser needed), at 2× when it fits. */
export function mapPng(drawing: MapDrawing): RasterImage {
  const zoom = Math.min(
    2,
    MAX_PIXELS_WIDE / drawing.width,
    Math.sqrt(MAX_PIXELS / (drawing.width * drawing.height)),
  );
  const rendered = new Resvg(drawing.svg, {
    fitTo: { mode: 'zoom', value: zoom },
    font: {
      fontFiles: [FONT_FILES.regular, FONT_FILES.bold],
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
    },
    background: '#f6f7f9',
  }).render();
  return { png: rendered.asPng(), width: rendered.width, height: rendered.height };
}

/** A4 landscape in points. */
const PAGE = { width: 841.89, height: 595.28 } as const;

/**
 * One landscape page per map (a board has one map): the map picture scaled to fit
 * under a title line, for pasting into a deck or printing.
 */
export async function mapPdf(image: RasterImage, title: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setCreator('Journeyboard');
  const page = pdf.addPage([PAGE.width, PAGE.height]);
  const font = await pdf.embedFont(StandardFonts.HelveticaBold);
  const margin = 28;
  // Standard fonts only encode WinAnsi: anything else becomes '?' in the heading.
  const heading = title.replace(/[^\u0020-\u007e\u00a0-\u00ff]/g, '?').slice(0, 120);
  page.drawText(heading, {
    x: margin,
    y: PAGE.height - margin - 14,
    size: 14,
    font,
    color: rgb(0.09, 0.13, 0.17),
  });
  const png = await pdf.embedPng(image.png);
  const boxWidth = PAGE.width - margin * 2;
  const boxHeight = PAGE.height - margin * 2 - 28;
  const scale = Math.min(boxWidth / png.width, boxHeight / png.height);
  const width = png.width * scale;
  const height = png.height * scale;
  page.drawImage(png, {
    x: margin + (boxWidth - width) / 2,
    y: margin + (boxHeight - height),
    width,
    height,
  });
  return pdf.save();
}
