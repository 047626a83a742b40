import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { addCard, readBoard } from '@journeyboard/model';
import { FONT_FAMILY, FONT_FILES } from './fonts.ts';
import { drawMap } from './map-svg.ts';
import { collectReport } from './report.ts';
import { NAMES, ada, exportBoard } from './test-board.ts';

const LONG =
  'Customers who pay with a corporate card are asked for the billing address twice, ' +
  'once on the payment form and again on the confirmation page, and when the two ' +
  'differ by a single character (a trailing space, a different abbreviation of Street) ' +
  'the order is silently held for manual review, which takes two to three working days; ' +
  'support sees about forty tickets a week about it and most end in a refund. '.slice(0, 600);

/** The box resvg draws these SVG elements into, with the export's own fonts. */
function inkBox(svgRoot: string, elements: string) {
  const resvg = new Resvg(`${svgRoot}${elements}</svg>`, {
    font: {
      fontFiles: [FONT_FILES.regular, FONT_FILES.bold],
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
    },
  });
  return resvg.getBBox();
}

describe('map drawing', () => {
  it('grows a card to its 600-character text: every word drawn, all of it inside the card', () => {
    const doc = exportBoard();
    const text = `${LONG}${' and so on'.repeat(60)}`.slice(0, 600);
    expect(text).toHaveLength(600);
    const board = readBoard(doc);
    const lane = board.lanes.find((l) => l.kind === 'actions')!;
    addCard(doc, { laneId: lane.id, stageId: board.stages[0]!.id, text }, ada);
    const { svg } = drawMap(collectReport(doc, NAMES));

    const root = /^<svg[^>]*>/.exec(svg)![0];
    const card = [...svg.matchAll(/<g class="card">(.*?)<\/g>/gs)]
      .map((match) => match[1]!)
      .find((group) => group.includes('Customers who pay'))!;
    const lines = [...card.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    expect(lines.join(' ').replace(/&apos;/g, "'")).toBe(text.replace(/\s+/g, ' ').trim());
    expect(card).not.toContain('…');

    const [x, y, width, height] =
      /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/
        .exec(card)!
        .slice(1)
        .map(Number) as [number, number, number, number];
    const ink = inkBox(root, [...card.matchAll(/<text[^>]*>[^<]*<\/text>/g)].join(''))!;
    expect(ink.x).toBeGreaterThanOrEqual(x);
    expect(ink.y).toBeGreaterThanOrEqual(y);
    expect(ink.x + ink.width).toBeLessThanOrEqual(x + width);
    expect(ink.y + ink.height).toBeLessThanOrEqual(y + height);
  });

  it('names missing keepers once, not on every stage', () => {
    const { svg } = drawMap(collectReport(exportBoard(), NAMES));
    expect(svg.match(/No keeper/g)).toHaveLength(1);
    expect(svg).toContain('No keeper yet: Awareness, Activation, Perceived value, Loyalty');
  });
});
