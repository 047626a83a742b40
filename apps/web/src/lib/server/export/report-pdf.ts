import PDFDocument from 'pdfkit';
import { cardsInCell, rankCards } from '@journeyboard/model';
import { FONT_FILES } from './fonts.ts';
import {
  QUOTES_PER_POINT,
  TOP_FRICTION,
  kpiValueText,
  nameOf,
  plural,
  stopReason,
  trendOf,
  type ReportData,
} from './report.ts';

/** A4 portrait in points: a report is read, printed and attached, not projected. */
const PAGE = { width: 595.28, height: 841.89 } as const;
const MARGIN = 56;
const WIDTH = PAGE.width - MARGIN * 2;
const INK = '#1d2430';
const MUTED = '#5b6676';
const ACCENT = '#2f5fb3';

type Pdf = InstanceType<typeof PDFDocument>;

/** The few text styles of the report, so every section writes alike. */
class Writer {
  readonly pdf: Pdf;

  constructor(pdf: Pdf) {
    this.pdf = pdf;
  }

  title(text: string): void {
    this.pdf.font('Noto-Bold').fontSize(22).fillColor(INK).text(text, { width: WIDTH });
  }

  heading(text: string): void {
    // A heading never ends a page alone: it moves to the next with what follows it.
    if (this.pdf.y > PAGE.height - MARGIN - 90) this.pdf.addPage();
    this.pdf.moveDown(0.8);
    this.pdf.font('Noto-Bold').fontSize(15).fillColor(ACCENT).text(text, { width: WIDTH });
    this.pdf.moveDown(0.3);
  }

  subheading(text: string): void {
    if (this.pdf.y > PAGE.height - MARGIN - 60) this.pdf.addPage();
    this.pdf.moveDown(0.5);
    this.pdf.font('Noto-Bold').fontSize(12).fillColor(INK).text(text, { width: WIDTH });
    this.pdf.moveDown(0.15);
  }

  paragraph(text: string, options: { muted?: boolean; bold?: boolean } = {}): void {
    this.pdf
      .font(options.bold ? 'Noto-Bold' : 'Noto')
      .fontSize(10.5)
      .fillColor(options.muted ? MUTED : INK)
      .text(text, { width: WIDTH, lineGap: 1.5 });
    this.pdf.moveDown(0.25);
  }

  /** A bullet at `level` (0 or 1); long text wraps under itself, not under the bullet. */
  item(text: string, level = 0, options: { muted?: boolean; marker?: string } = {}): void {
    const indent = 12 + level * 16;
    const x = MARGIN + indent;
    const y = this.pdf.y;
    this.pdf
      .font('Noto')
      .fontSize(10.5)
      .fillColor(options.muted ? MUTED : INK);
    this.pdf.text(options.marker ?? '•', x - 11, y, { width: 11, lineBreak: false });
    this.pdf.text(text, x, y, { width: WIDTH - indent, lineGap: 1.5 });
    this.pdf.x = MARGIN;
    this.pdf.moveDown(0.15);
  }
}

function writeStages(out: Writer, data: ReportData): void {
  const { board } = data;
  out.heading('Stages');
  if (board.stages.length === 0) out.paragraph('No stages.', { muted: true });
  const keeperless = board.stages.filter((stage) => !stage.keeperId);
  if (keeperless.length > 0) {
    out.paragraph(`No keeper yet: ${keeperless.map((stage) => stage.name).join(', ')}.`, {
      muted: true,
    });
  }
  for (const stage of board.stages) {
    out.subheading(stage.name || 'Untitled stage');
    if (stage.keeperId) out.paragraph(`Keeper: ${nameOf(data, stage.keeperId)}`, { muted: true });
    for (const kpi of data.kpis.filter((k) => k.stageId === stage.id)) {
      const current = kpi.current === null ? '—' : kpiValueText(kpi.current, kpi.unit);
      const target = kpi.target === null ? '' : `, target ${kpiValueText(kpi.target, kpi.unit)}`;
      const stale = kpi.stale ? ' (not updated for 30 days)' : '';
      out.item(`KPI ${kpi.name}: ${current}${target}${trendOf(kpi.values)}${stale}`);
    }
    for (const lane of board.lanes) {
      if (lane.kind === 'emotion') {
        const score = lane.scores[stage.id];
        if (score !== undefined) out.item(`${lane.name}: ${score > 0 ? '+' : ''}${score}`);
        continue;
      }
      const cards = cardsInCell(board, lane.id, stage.id).filter((card) => card.text.trim());
      if (cards.length === 0) continue;
      out.item(`${lane.name}:`);
      for (const card of cards) out.item(card.text.trim(), 1, { marker: '–' });
    }
  }
}

function writeFriction(out: Writer, data: ReportData): void {
  out.heading('Top friction points');
  const stageName = new Map(data.board.stages.map((stage) => [stage.id, stage.name]));
  const top = data.friction.slice(0, TOP_FRICTION);
  if (top.length === 0) out.paragraph('No friction points on the map yet.', { muted: true });
  top.forEach((point, index) => {
    const evidence = data.evidence.get(point.cardId);
    const details = [
      plural(point.votes, 'vote'),
      stageName.get(point.stageId) ?? null,
      point.severity ? `severity ${point.severity}` : null,
      `${plural(evidence?.count ?? 0, 'piece')} of evidence from ${plural(evidence?.storyCount ?? 0, 'story', 'stories')}`,
      point.raisedBy ? `raised by ${nameOf(data, point.raisedBy)}` : null,
    ].filter(Boolean);
    out.item(`${point.text.trim() || '(empty card)'}`, 0, { marker: `${index + 1}.` });
    out.item(details.join(' · '), 1, { muted: true, marker: ' ' });
    for (const quote of evidence?.quotes.slice(0, QUOTES_PER_POINT) ?? []) {
      const source = [quote.storyTitle, quote.customer].filter(Boolean).join(', ');
      out.item(`“${quote.text}” — ${source}`, 1, { muted: true, marker: ' ' });
    }
  });
}

function writeInitiatives(out: Writer, data: ReportData): void {
  out.heading('Initiatives');
  if (data.initiatives.length === 0) out.paragraph('No initiatives yet.', { muted: true });
  for (const initiative of data.initiatives) {
    const owner = initiative.ownerId ? ` — owner ${nameOf(data, initiative.ownerId)}` : '';
    out.item(`${initiative.title} (${initiative.status})${owner}`);
    if (initiative.status === 'stopped') {
      const reason = stopReason(initiative);
      out.item(`Stopped because: ${reason || 'no reason recorded'}`, 1, { marker: '–' });
    }
    if (initiative.learnt.trim()) out.item(`Learnt: ${initiative.learnt}`, 1, { marker: '–' });
  }
}

function writeLatestVote(out: Writer, data: ReportData): void {
  out.heading('Latest vote');
  const latest = data.votes.find((entry) => entry.status === 'revealed' && entry.results);
  if (!latest) {
    out.paragraph('No revealed vote yet.', { muted: true });
    return;
  }
  const cardText = new Map(data.board.cards.map((card) => [card.id, card.text]));
  const revealed = new Date(latest.revealedAt ?? latest.createdAt).toISOString().slice(0, 10);
  out.paragraph(
    `${latest.title || 'Vote'} — ${plural(latest.results!.voterCount, 'voter')}, revealed ${revealed}`,
    { bold: true },
  );
  for (const row of rankCards(latest)) {
    const text = cardText.get(row.cardId)?.trim() || '(a card since deleted)';
    out.item(`${text} — ${plural(row.votes, 'vote')}`, 0, { marker: `${row.rank}.` });
  }
}

/**
 * The report as a PDF to send to leadership: the same content as the Markdown report
 * (mission, personas, stages with keepers, KPIs and every lane's cards, top friction with
 * evidence and quotes, initiatives, the latest vote), as real text in the embedded Noto
 * Sans, so it can be searched, copied and read aloud; numbered pages.
 */
export function reportPdf(data: ReportData, now = new Date()): Promise<Uint8Array> {
  const { board } = data;
  const title = board.title || 'Untitled journey';
  const pdf = new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: `${title} — report`, Creator: 'Journeyboard' },
  });
  pdf.registerFont('Noto', FONT_FILES.regular);
  pdf.registerFont('Noto-Bold', FONT_FILES.bold);
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    pdf.on('error', reject);
  });

  const out = new Writer(pdf);
  out.title(title);
  out.paragraph(`Exported from Journeyboard on ${now.toISOString().slice(0, 10)}.`, {
    muted: true,
  });
  out.heading('Mission');
  if (data.mission.trim()) out.paragraph(data.mission.trim());
  else out.paragraph('No mission written yet.', { muted: true });
  out.heading('Personas');
  if (board.personas.length === 0) out.paragraph('No personas yet.', { muted: true });
  for (const persona of board.personas) {
    const about = persona.description.trim() ? ` — ${persona.description.trim()}` : '';
    out.item(`${persona.name}${about}`);
  }
  writeStages(out, data);
  writeFriction(out, data);
  writeInitiatives(out, data);
  writeLatestVote(out, data);

  const range = pdf.bufferedPageRange();
  for (let index = 0; index < range.count; index++) {
    pdf.switchToPage(range.start + index);
    // Inside the bottom margin: lift it so PDFKit does not start a page for the footer.
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf
      .font('Noto')
      .fontSize(8)
      .fillColor(MUTED)
      .text(`${title} · Page ${index + 1} of ${range.count}`, MARGIN, PAGE.height - 36, {
        width: WIDTH,
        align: 'right',
        lineBreak: false,
      });
    pdf.page.margins.bottom = bottom;
  }
  pdf.end();
  return done;
}
