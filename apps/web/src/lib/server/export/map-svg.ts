import { EMOTION_MAX, EMOTION_MIN, cardsInCell, type LaneKind } from '@journeyboard/model';
import { LANE_KIND_COLOURS } from '../../board/lane-kinds.ts';
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

const FONT = "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";
const MARGIN = 32;
const HEADER = 92;
const LANE_HEADER = 190;
const COLUMN = 230;
const STAGE_HEADER = 56;
const CARD_WIDTH = COLUMN - 20;
const LINE = 16;
const CARD_LINES = 4;
const CARD_PAD = 10;
const GAP = 8;
const EMOTION_ROW = 150;
const CHARS_PER_LINE = 27;

/** XML 1.0 cannot carry most control characters at all, escaped or not: drop them. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code !== 0xfffe && code !== 0xffff)
  );
}

export function escapeXml(text: string): string {
  let clean = '';
  for (const char of text) if (isXmlChar(char.codePointAt(0) ?? 0)) clean += char;
  return clean
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Greedy word wrap by character count (monospace-ish estimate), at most `max` lines. */
export function wrap(text: string, width = CHARS_PER_LINE, max = CARD_LINES): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const pieces =
      word.length > width ? (word.match(new RegExp(`.{1,${width}}`, 'g')) ?? []) : [word];
    for (const piece of pieces) {
      if (!line) line = piece;
      else if (line.length + 1 + piece.length <= width) line += ` ${piece}`;
      else {
        lines.push(line);
        line = piece;
      }
    }
  }
  if (line) lines.push(line);
  if (lines.length > max) {
    const kept = lines.slice(0, max);
    kept[max - 1] = `${kept[max - 1]!.slice(0, width - 1)}…`;
    return kept;
  }
  return lines;
}

function cardHeight(lines: number): number {
  return CARD_PAD * 2 + Math.max(1, lines) * LINE;
}

function colourOf(kind: LaneKind): string {
  return LANE_KIND_COLOURS[kind];
}

export function drawMap(data: ReportData): MapDrawing {
  const { board } = data;
  const stages = board.stages;
  const parts: string[] = [];
  const width = MARGIN * 2 + LANE_HEADER + Math.max(1, stages.length) * COLUMN;
  let y = MARGIN + HEADER;

  // Stage headers with their keepers.
  stages.forEach((stage, index) => {
    const x = MARGIN + LANE_HEADER + index * COLUMN;
    const keeper = stage.keeperId ? `Keeper: ${nameOf(data, stage.keeperId)}` : 'No keeper';
    parts.push(
      `<rect x="${x + 4}" y="${y}" width="${COLUMN - 8}" height="${STAGE_HEADER - 8}" rx="8" fill="#eef0ff"/>`,
      `<text x="${x + 16}" y="${y + 21}" font-size="15" font-weight="700" fill="#18202b">${escapeXml(wrap(stage.name, 24, 1)[0] ?? '')}</text>`,
      `<text x="${x + 16}" y="${y + 39}" font-size="11" fill="${stage.keeperId ? '#5b6676' : '#c2410c'}">${escapeXml(wrap(keeper, 30, 1)[0] ?? '')}</text>`,
    );
  });
  y += STAGE_HEADER;

  for (const lane of board.lanes) {
    const colour = colourOf(lane.kind);
    if (lane.kind === 'emotion') {
      const height = EMOTION_ROW;
      parts.push(laneHeader(lane.name, colour, y, height, width - MARGIN));
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
    const cells = stages.map((stage) => [
      ...(lane.kind === 'kpis' ? data.kpis.filter((kpi) => kpi.stageId === stage.id) : []).map(
        (kpi) => ({
          tag: kpi.stale ? 'stale' : null,
          lines: wrap(
            `${kpi.name}: ${kpiValue(kpi.current, kpi.unit)}${kpi.target === null ? '' : ` / target ${kpiValue(kpi.target, kpi.unit)}`}`,
          ),
          fill: '#fefce8',
        }),
      ),
      ...cardsInCell(board, lane.id, stage.id).map((card) => ({
        tag: card.severity,
        lines: wrap(card.text || ' '),
        fill: '#fffdf5',
      })),
    ]);
    const tallest = Math.max(
      0,
      ...cells.map((cards) => cards.reduce((sum, c) => sum + cardHeight(c.lines.length) + GAP, 0)),
    );
    const height = Math.max(72, tallest + 2 * GAP);
    parts.push(laneHeader(lane.name, colour, y, height, width - MARGIN));
    cells.forEach((cards, index) => {
      const x = MARGIN + LANE_HEADER + index * COLUMN + 10;
      let cy = y + GAP;
      for (const { tag, lines, fill } of cards) {
        const h = cardHeight(lines.length);
        parts.push(
          `<g><rect x="${x}" y="${cy}" width="${CARD_WIDTH}" height="${h}" rx="6" fill="${fill}" stroke="#efe6c4"/>`,
          `<rect x="${x}" y="${cy}" width="4" height="${h}" rx="2" fill="${colour}"/>`,
          ...lines.map(
            (text, i) =>
              `<text x="${x + 12}" y="${cy + CARD_PAD + 12 + i * LINE}" font-size="12.5" fill="#18202b">${escapeXml(text)}</text>`,
          ),
          tag
            ? `<text x="${x + CARD_WIDTH - 8}" y="${cy + h - 6}" font-size="9" text-anchor="end" fill="#c2410c">${escapeXml(tag)}</text>`
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
      return `<line x1="${x}" y1="${MARGIN + HEADER}" x2="${x}" y2="${y}" stroke="#e2e6ec"/>`;
    })
    .join('');
  const mission = data.mission.trim() ? wrap(data.mission, 140, 1)[0] : '';
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT)}">`,
    `<title>${escapeXml(board.title || 'Journey map')}</title>`,
    `<rect width="100%" height="100%" fill="#f6f7f9"/>`,
    `<text x="${MARGIN}" y="${MARGIN + 28}" font-size="26" font-weight="700" fill="#18202b">${escapeXml(board.title || 'Untitled journey')}</text>`,
    mission
      ? `<text x="${MARGIN}" y="${MARGIN + 56}" font-size="14" fill="#5b6676">${escapeXml(mission)}</text>`
      : '',
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
  name: string,
  colour: string,
  y: number,
  height: number,
  right: number,
): string {
  const lines = wrap(name, 20, 2);
  return [
    `<line x1="${MARGIN}" y1="${y}" x2="${right}" y2="${y}" stroke="#e2e6ec"/>`,
    `<rect x="${MARGIN}" y="${y + 6}" width="5" height="${height - 12}" rx="2" fill="${colour}"/>`,
    ...lines.map(
      (line, i) =>
        `<text x="${MARGIN + 16}" y="${y + 26 + i * 17}" font-size="13" font-weight="600" fill="#18202b">${escapeXml(line)}</text>`,
    ),
  ].join('');
}
