// The map bench's table: each figure beside the target issue 20 set for it.
const median = (xs: readonly number[]) => pct(xs, 50);
const pct = (xs: readonly number[], p: number) => {
  const sorted = xs.filter(Number.isFinite).toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
};
const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : '—');

export interface MapFigures {
  cards: number;
  runs: number;
  coldReady: number[];
  coldInteractive: number[];
  warmReady: number[];
  warmInteractive: number[];
  typingAlone: number[];
  typingTogether: number[];
  scrollTogether: number[];
  remoteVisible: number[];
  heapMb: number[];
  cardsInDom: number[];
}

export function printTable(f: MapFigures, load: string): void {
  const rows: [string, string, string][] = [];
  const timing = (label: string, xs: number[], target: string) =>
    rows.push([
      label,
      `median ${ms(median(xs)).padStart(9)}  p95 ${ms(pct(xs, 95)).padStart(9)}  n=${xs.length}`,
      target,
    ]);
  timing('open → map on screen, cold', f.coldReady, '');
  timing('open → card answers a click, cold', f.coldInteractive, '≤ 1000 ms');
  timing('open → map on screen, warm', f.warmReady, '');
  timing('open → card answers a click, warm', f.warmInteractive, '');
  timing('typing alone: keydown → next frame', f.typingAlone, 'p95 ≤ 16 ms');
  timing('typing while a 2nd person types', f.typingTogether, 'p95 ≤ 25 ms');
  const over50 = f.scrollTogether.filter((x) => x > 50).length;
  rows.push([
    'scrolling, 2 people: frame interval',
    `median ${ms(median(f.scrollTogether)).padStart(9)}  p95 ${ms(pct(f.scrollTogether, 95)).padStart(9)}  >50 ms: ${over50} of ${f.scrollTogether.length}`,
    'p95 ≤ 17 ms, none > 50 ms',
  ]);
  timing('remote edit visible to the other', f.remoteVisible, '≤ 100 ms');
  rows.push([
    'JS heap after GC',
    `median ${median(f.heapMb).toFixed(1)} MB  max ${Math.max(...f.heapMb).toFixed(1)} MB`,
    '≤ 50 MB',
  ]);
  rows.push([
    'cards in the DOM',
    `${Math.max(...f.cardsInDom)} of ${f.cards}`,
    'on screen plus a margin',
  ]);
  const width = [0, 1].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  console.log(`\n${f.cards} cards, ${f.runs} runs (headless Chromium, no GPU) — load: ${load}`);
  console.log(`| ${'figure'.padEnd(width[0]!)} | ${'measured'.padEnd(width[1]!)} | target |`);
  console.log(`|${'-'.repeat(width[0]! + 2)}|${'-'.repeat(width[1]! + 2)}|---|`);
  for (const [label, value, target] of rows) {
    console.log(`| ${label.padEnd(width[0]!)} | ${value.padEnd(width[1]!)} | ${target} |`);
  }
}
