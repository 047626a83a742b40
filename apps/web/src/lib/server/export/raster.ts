import { Resvg } from '@resvg/resvg-js';
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
