import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { addCard, addStage, readBoard } from '@journeyboard/model';
import { buildExport } from './formats.ts';
import { NAMES, ada, exportBoard } from './test-board.ts';

const NOW = new Date('2026-11-23T10:00:00Z');

/** Each page's text as a reader's search sees it: items in order, whitespace collapsed. */
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

function pdfOf(doc: ReturnType<typeof exportBoard>) {
  return buildExport(doc, 'pdf', NAMES, NOW).then((file) => file.body as Uint8Array);
}

describe('map PDF', () => {
  it('is vector text in an embedded Noto Sans: every stage and card findable, the title once', async () => {
    const doc = exportBoard();
    const friction = readBoard(doc).lanes.find((lane) => lane.kind === 'friction')!;
    const long = `Ödön’s Ελληνικά and Кириллица names: ${'the refund form loses the address again '.repeat(8)}end.`;
    addCard(doc, { laneId: friction.id, stageId: readBoard(doc).stages[3]!.id, text: long }, ada);
    const pdf = await pdfOf(doc);
    const raw = new TextDecoder('latin1').decode(pdf);
    expect(raw).toContain('/FontFile2');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);
    expect(raw).not.toContain('/Subtype /Image');

    const pages = await pageTexts(pdf);
    const text = pages.join(' ');
    for (const stage of readBoard(doc).stages) expect(text).toContain(stage.name);
    for (const card of readBoard(doc).cards)
      expect(text).toContain(card.text.replace(/\s+/g, ' ').trim());
    expect(text.split('Checkout <journey> & "more"')).toHaveLength(2);
    expect(text).toContain(`Page 1 of ${pages.length}`);
    expect(text).toContain('5 votes · 1 evidence');
  });

  it('continues a 2,000-card board over numbered pages, nothing left out', async () => {
    const doc = exportBoard();
    for (let i = 0; i < 7; i++) addStage(doc, { name: `Extra stage ${i + 1}` }, ada);
    const board = readBoard(doc);
    const cells = board.lanes
      .filter((lane) => lane.kind !== 'emotion')
      .flatMap((lane) => board.stages.map((stage) => ({ laneId: lane.id, stageId: stage.id })));
    doc.transact(() => {
      for (let i = 0; i < 2_000; i++) {
        addCard(
          doc,
          { ...cells[i % cells.length]!, text: `Card number ${i} waits for a reply` },
          ada,
        );
      }
    });
    const pdfBytes = await pdfOf(doc);
    const pages = await pageTexts(pdfBytes);
    expect(pages.length).toBeGreaterThan(4);
    expect(pages.length).toBeLessThan(200);
    pages.forEach((page, index) => expect(page).toContain(`Page ${index + 1} of ${pages.length}`));
    const all = pages.join(' ');
    for (let i = 0; i < 2_000; i++) expect(all).toContain(`Card number ${i} waits for a reply`);
    for (const stage of board.stages) expect(all).toContain(stage.name);
    expect(all.split('Checkout <journey> & "more"')).toHaveLength(2);
  }, 300_000);
});
