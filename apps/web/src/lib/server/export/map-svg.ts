import { EMOTION_MAX, EMOTION_MIN, cardsInCell, type LaneKind } from '@journeyboard/model';
import { LANE_KIND_COLOURS } from '#lib/map/lane-kinds.ts';
import { FONT_FAMILY, textWidth } from './fonts.ts';
import { nameOf, type ReportData } from './report.ts';

/**
 * The whole journey map as one SVG, drawn on the server from the model (not a
 * screenshot): every stage and lane, whatever was on screen. The PNG and PDF exports
 * rasterise this same drawing, so the three always agree.
 */
export interface MapDrawing {
  svg: string;
  width: number;
  height: number;
}

const FONT = `'${FONT_FAMILY}', sans-serif`;
const MARGIN = 32;
const LANE_HEADER = 190;
const COLUMN = 230;
const CARD_WIDTH = COLUMN - 20;
/** Card text runs from 12 px after the colour bar to 10 px before the edge. */
const CARD_TEXT_WIDTH = CARD_WIDTH - 22;
const CARD_FONT = 12.5;
const LINE = 17;
const META_LINE = 15;
const CARD_PAD = 10;
const GAP = 8;
const EMOTION_ROW = 150;

/** XML 1.0 cannot carry most control characters at all, escaped or not: drop them. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code !== 0xfffe && code !== 0xffff)
  );
}

function escapeXml(text: string): string {
  let clean = '';
  for (const char of text) if (isXmlChar(char.codePointAt(0) ?? 0)) clean += char;
  return clean
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * Greedy word wrap measured with the font the exports draw with, so no line overflows
 * its box; nothing is cut: boxes grow to the lines they need. Words wider than a line
 * are broken between characters.
 */
function wrap(
  text: string,
  width: number,
  size: number,
  weight: 'regular' | 'bold' = 'regular',
): string[] {
  const fits = (candidate: string) => textWidth(candidate, size, weight) <= width;
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    for (const char of word) {
      if (line && !fits(line + char)) {
        lines.push(line);
        line = '';
      }
      line += char;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function cardHeight(lines: number, meta: boolean): number {
  return CARD_PAD * 2 + Math.max(1, lines) * LINE + (meta ? META_LINE : 0);
}

function colourOf(kind: LaneKind): string {
  return LANE_KIND_COLOURS[kind];
}

interface DrawnCard {
  lines: string[];
  /** Votes, evidence and severity of a friction card; "stale" on a KPI. */
  meta: string;
  fill: string;
}

/** Friction cards carry what the team decided with: votes, evidence and severity. */
function frictionMeta(data: ReportData, cardId: string, severity: string | null): string {
  const votes = data.friction.find((point) => point.cardId === cardId)?.votes ?? 0;
  const evidence = data.evidence.get(cardId)?.count ?? 0;
  return [
    `${votes} vote${votes === 1 ? '' : 's'}`,
    `${evidence} evidence`,
    severity ? `severity ${severity}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

function textLines(
  lines: readonly string[],
  at: { x: number; y: number; size: number; step: number; fill: string; bold?: boolean },
): string {
  const weight = at.bold ? ' font-weight="700"' : '';
  return lines
    .map(
      (line, i) =>
        `<text x="${at.x}" y="${(at.y + i * at.step).toFixed(1)}" font-size="${at.size}"${weight} fill="${at.fill}">${escapeXml(line)}</text>`,
    )
    .join('');
}

export interface DrawMapOptions {
  /** Draw only these stages (a PDF page of a wide map); default: all. */
  stages?: ReportData['board']['stages'];
  /** Title, mission and keeper note on top; off for the PDF's later pages. */
  header?: boolean;
}

export function drawMap(data: ReportData, options: DrawMapOptions = {}): MapDrawing {
  const { board } = data;
  const stages = options.stages ?? board.stages;
  const withHeader = options.header ?? true;
  const parts: string[] = [];
  const width = MARGIN * 2 + LANE_HEADER + Math.max(1, stages.length) * COLUMN;

  // Title, mission and (once) the stages still without a keeper.
  const titleLines = withHeader
    ? wrap(board.title || 'Untitled journey', width - MARGIN * 2, 26, 'bold')
    : [];
  const missionLines =
    withHeader && data.mission.trim() ? wrap(data.mission, width - MARGIN * 2, 14) : [];
  const keeperless = board.stages.filter((stage) => !stage.keeperId).map((stage) => stage.name);
  const keeperNote =
    withHeader && keeperless.length
      ? wrap(`No keeper yet: ${keeperless.join(', ')}`, width - MARGIN * 2, 12)
      : [];
  let y = withHeader ? MARGIN + 28 : MARGIN - 16;
  const header = [
    textLines(titleLines, { x: MARGIN, y, size: 26, step: 32, fill: '#18202b', bold: true }),
  ];
  y += titleLines.length * 32 - 4;
  header.push(textLines(missionLines, { x: MARGIN, y, size: 14, step: 20, fill: '#5b6676' }));
  y += missionLines.length * 20;
  header.push(textLines(keeperNote, { x: MARGIN, y, size: 12, step: 17, fill: '#5b6676' }));
  y += keeperNote.length * 17 + 16;
  const top = y;

  // Stage headers: every name in full, with its keeper when it has one.
  const stageBlocks = stages.map((stage) => ({
    name: wrap(stage.name, COLUMN - 32, 15, 'bold'),
    keeper: stage.keeperId ? wrap(`Keeper: ${nameOf(data, stage.keeperId)}`, COLUMN - 32, 11) : [],
  }));
  const stageHeader =
    24 + Math.max(1, ...stageBlocks.map((b) => b.name.length * 19 + b.keeper.length * 15));
  stageBlocks.forEach((block, index) => {
    const x = MARGIN + LANE_HEADER + index * COLUMN;
    parts.push(
      `<rect x="${x + 4}" y="${y}" width="${COLUMN - 8}" height="${stageHeader - 8}" rx="8" fill="#eef0ff"/>`,
      textLines(block.name, {
        x: x + 16,
        y: y + 21,
        size: 15,
        step: 19,
        fill: '#18202b',
        bold: true,
      }),
      textLines(block.keeper, {
        x: x + 16,
        y: y + 19 + block.name.length * 19,
        size: 11,
        step: 15,
        fill: '#5b6676',
      }),
    );
  });
  y += stageHeader;

  for (const lane of board.lanes) {
    const colour = colourOf(lane.kind);
    const laneLines = wrap(lane.name, LANE_HEADER - 28, 13, 'bold');
    const laneMin = 36 + laneLines.length * 17;
    if (lane.kind === 'emotion') {
      const height = Math.max(EMOTION_ROW, laneMin);
      parts.push(laneHeader(laneLines, colour, y, height, width - MARGIN));
      const points: string[] = [];
      stages.forEach((stage, index) => {
        const score = lane.scores[stage.id];
        if (score === undefined) return;
        const cx = MARGIN + LANE_HEADER + index * COLUMN + COLUMN / 2;
        const cy = y + 18 + ((EMOTION_MAX - score) / (EMOTION_MAX - EMOTION_MIN)) * (height - 36);
        points.push(`${cx},${cy.toFixed(1)}`);
        parts.push(
          `<circle cx="${cx}" cy="${cy.toFixed(1)}" r="6" fill="${colour}"/>`,
          `<text x="${cx + 10}" y="${(cy - 8).toFixed(1)}" font-size="11" fill="#5b6676">${score > 0 ? '+' : ''}${score}</text>`,
        );
      });
      const mid = y + height / 2;
      parts.push(
        `<line x1="${MARGIN + LANE_HEADER}" y1="${mid}" x2="${width - MARGIN}" y2="${mid}" stroke="#e2e6ec" stroke-dasharray="4 4"/>`,
      );
      if (points.length > 1) {
        parts.push(
          `<polyline points="${points.join(' ')}" fill="none" stroke="${colour}" stroke-width="3" stroke-linejoin="round"/>`,
        );
      }
      y += height;
      continue;
    }
    // The KPIs lane also shows each stage's KPIs (current against target), as the board does.
    const cells = stages.map((stage): DrawnCard[] => [
      ...(lane.kind === 'kpis' ? data.kpis.filter((kpi) => kpi.stageId === stage.id) : []).map(
        (kpi) => ({
          meta: kpi.stale ? 'not updated for 30 days' : '',
          lines: wrap(
            `${kpi.name}: ${kpiValue(kpi.current, kpi.unit)}${kpi.target === null ? '' : ` / target ${kpiValue(kpi.target, kpi.unit)}`}`,
            CARD_TEXT_WIDTH,
            CARD_FONT,
          ),
          fill: '#fefce8',
        }),
      ),
      ...cardsInCell(board, lane.id, stage.id).map((card) => ({
        meta: lane.kind === 'friction' ? frictionMeta(data, card.id, card.severity) : '',
        lines: wrap(card.text || ' ', CARD_TEXT_WIDTH, CARD_FONT),
        fill: '#fffdf5',
      })),
    ]);
    const tallest = Math.max(
      0,
      ...cells.map((cards) =>
        cards.reduce((sum, c) => sum + cardHeight(c.lines.length, Boolean(c.meta)) + GAP, 0),
      ),
    );
    const height = Math.max(72, laneMin, tallest + 2 * GAP);
    parts.push(laneHeader(laneLines, colour, y, height, width - MARGIN));
    cells.forEach((cards, index) => {
      const x = MARGIN + LANE_HEADER + index * COLUMN + 10;
      let cy = y + GAP;
      for (const { meta, lines, fill } of cards) {
        const h = cardHeight(lines.length, Boolean(meta));
        parts.push(
          `<g class="card"><rect x="${x}" y="${cy}" width="${CARD_WIDTH}" height="${h}" rx="6" fill="${fill}" stroke="#efe6c4"/>`,
          `<rect x="${x}" y="${cy}" width="4" height="${h}" rx="2" fill="${colour}"/>`,
          textLines(lines, {
            x: x + 12,
            y: cy + CARD_PAD + 12,
            size: CARD_FONT,
            step: LINE,
            fill: '#18202b',
          }),
          meta
            ? `<text x="${x + 12}" y="${cy + h - CARD_PAD}" font-size="10.5" fill="#9a3412">${escapeXml(meta)}</text>`
            : '',
          '</g>',
        );
        cy += h + GAP;
      }
    });
    y += height;
  }

  const height = y + MARGIN;
  // Column rules behind everything.
  const rules = stages
    .map((_stage, index) => {
      const x = MARGIN + LANE_HEADER + index * COLUMN;
      return `<line x1="${x}" y1="${top}" x2="${x}" y2="${y}" stroke="#e2e6ec"/>`;
    })
    .join('');
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT)}">`,
    `<title>${escapeXml(board.title || 'Journey map')}</title>`,
    `<rect width="100%" height="100%" fill="#f6f7f9"/>`,
    ...header,
    rules,
    ...parts,
    '</svg>',
  ].join('\n');
  return { svg, width, height };
}

function kpiValue(value: number | null, unit: string): string {
  if (value === null) return '—';
  return unit === '%' ? `${value}%` : unit ? `${value} ${unit}` : String(value);
}

function laneHeader(
  lines: readonly string[],
  colour: string,
  y: number,
  height: number,
  right: number,
): string {
  return [
    `<line x1="${MARGIN}" y1="${y}" x2="${right}" y2="${y}" stroke="#e2e6ec"/>`,
    `<rect x="${MARGIN}" y="${y + 6}" width="5" height="${height - 12}" rx="2" fill="${colour}"/>`,
    textLines(lines, {
      x: MARGIN + 16,
      y: y + 26,
      size: 13,
      step: 17,
      fill: '#18202b',
      bold: true,
    }),
  ].join('');
}
