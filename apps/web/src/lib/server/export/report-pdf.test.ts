import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { addCard, addPersona, readBoard } from '@journeyboard/model';
import { buildExport } from './formats.ts';
import { NAMES, ada, exportBoard } from './test-board.ts';

const NOW = new Date('2026-11-23T10:00:00Z');

/** The PDF's text as a reader's search sees it, page by page, whitespace collapsed. */
async function pageTexts(pdf: Uint8Array): Promise<string[]> {
  const loading = getDocument({ data: pdf, useSystemFonts: false });
  const document = await loading.promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
    pages.push(text.replace(/\s+/g, ' '));
  }
  await loading.destroy();
  return pages;
}

async function reportOf(doc: ReturnType<typeof exportBoard>): Promise<Uint8Array> {
  const file = await buildExport(doc, 'report-pdf', NAMES, NOW);
  expect(file.name).toBe('checkout-journey-more.report.pdf');
  expect(file.type).toBe('application/pdf');
  return file.body as Uint8Array;
}

describe('report PDF', () => {
  it('carries the Markdown report’s content as text in an embedded Noto Sans', async () => {
    const doc = exportBoard();
    addPersona(doc, { name: 'Zoë the first-time buyer', description: 'Pays on her phone' }, ada);
    const board = readBoard(doc);
    const touchpoints = board.lanes.find(
      (lane) => lane.kind !== 'friction' && lane.kind !== 'emotion',
    )!;
    addCard(
      doc,
      {
        laneId: touchpoints.id,
        stageId: board.stages[2]!.id,
        text: 'Ελληνικά και Кириллица in a card',
      },
      ada,
    );
    const pdf = await reportOf(doc);
    const raw = new TextDecoder('latin1').decode(pdf);
    expect(raw).toContain('/FontFile2');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Bold/);
    expect(raw).not.toContain('/Subtype /Image');

    const pages = await pageTexts(pdf);
    const text = pages.join(' ');
    expect(text.split('Checkout <journey> & "more"').length).toBeGreaterThan(1);
    expect(text).toContain('Make paying feel effortless.');
    expect(text).toContain('Zoë the first-time buyer — Pays on her phone');
    for (const stage of readBoard(doc).stages) expect(text).toContain(stage.name);
    for (const card of readBoard(doc).cards) expect(text).toContain(card.text.trim());
    expect(text).toContain('Keeper: Ada Lovelace');
    expect(text).toContain('No keeper yet: Awareness, Activation, Perceived value, Loyalty.');
    expect(text).toContain('KPI Activation rate: 31 %, target 40 %');
    expect(text).toMatch(/5 votes · Onboarding · 1 piece of evidence from 1 story/);
    expect(text).toContain('“failed twice.” — Ticket 4411, Jo');
    expect(text).toContain('Rewrite pricing (stopped) — owner Ada Lovelace');
    expect(text).toContain('Stopped because: Marketing owns the page now');
    expect(text).toContain('Top friction — 4 voters');
    expect(text).toMatch(/1\. =SUM\(A1\) card form rejects spaces — 5 votes/);
    pages.forEach((page, index) => expect(page).toContain(`Page ${index + 1} of ${pages.length}`));
  });

  it('continues a long report over numbered pages, every card in it', async () => {
    const doc = exportBoard();
    const board = readBoard(doc);
    const friction = board.lanes.find((lane) => lane.kind === 'friction')!;
    doc.transact(() => {
      for (let i = 0; i < 300; i++) {
        const stageId = board.stages[i % board.stages.length]!.id;
        addCard(doc, { laneId: friction.id, stageId, text: `Report card ${i} about refunds` }, ada);
      }
    });
    const pages = await pageTexts(await reportOf(doc));
    expect(pages.length).toBeGreaterThan(3);
    pages.forEach((page, index) => expect(page).toContain(`Page ${index + 1} of ${pages.length}`));
    const all = pages.join(' ');
    for (let i = 0; i < 300; i++) expect(all).toContain(`Report card ${i} about refunds`);
  }, 120_000);
});
