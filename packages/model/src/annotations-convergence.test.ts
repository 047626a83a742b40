import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAnnotation } from './annotations.ts';
import { addStory, getStoryBody } from './stories.ts';
import { readAnnotations } from './stories-read.ts';
import { alice, seededDoc, seededRandom, syncDocs } from './testing.ts';

/*
 * Text model of the test: '.' is original text outside the highlight, '#' the
 * highlighted original text, lowercase letters are typed by peers. Peers type anywhere
 * (biased towards the highlight's edges) and delete anything but '#'. Whatever happens
 * concurrently, the highlight must start and end on a '#' and hold every '#': text typed
 * at its edges stays outside, text typed between its words is inside. Peers also format
 * the rich text (bold, links, headings...) across the highlight's edges: formatting must
 * never move it, and every peer must end with the same formatting.
 */
const PREFIX = '....... ';
const WORDS = '#### ## #####';
const SUFFIX = ' .........';
const ROUNDS = 150;
const FORMATS: readonly [string, string | number | boolean][] = [
  ['bold', true],
  ['italic', true],
  ['link', 'https://example.com/ticket'],
  ['header', 3],
  ['list', 'bullet'],
];
const FIXED_SEEDS = [1, 2, 3, 42, 2024];
const seeds = process.env.MODEL_SEED
  ? [Number(process.env.MODEL_SEED)]
  : [...FIXED_SEEDS, Math.floor(Math.random() * 2 ** 31)];

function edit(doc: Y.Doc, random: () => number): void {
  const body = getStoryBody(doc, [...doc.getMap('stories').keys()][0]!);
  const text = body.toJSON();
  const first = text.indexOf('#');
  const last = text.lastIndexOf('#') + 1;
  const roll = random();
  if (roll < 0.2) {
    const start = Math.floor(random() * text.length);
    const length = 1 + Math.floor(random() * Math.min(8, text.length - start));
    const [name, value] = FORMATS[Math.floor(random() * FORMATS.length)]!;
    doc.transact(
      () => body.format(start, length, { [name]: random() < 0.8 ? value : null }),
      alice,
    );
  } else if (roll < 0.7) {
    // Half the inserts land exactly on or next to an edge of the highlight.
    const edges = [first - 1, first, first + 1, last - 1, last, last + 1];
    const index =
      random() < 0.5
        ? Math.min(text.length, Math.max(0, edges[Math.floor(random() * edges.length)]!))
        : Math.floor(random() * (text.length + 1));
    const letters = 'abcdefghij'.slice(0, 1 + Math.floor(random() * 3));
    const bold = random() < 0.2 ? { bold: true } : undefined;
    doc.transact(() => body.insert(index, letters, bold), alice);
  } else {
    const deletable = [...text].flatMap((char, i) => (char === '#' ? [] : [i]));
    if (deletable.length === 0) return;
    const index = deletable[Math.floor(random() * deletable.length)]!;
    // Delete a run of non-'#' characters starting there.
    let length = 1;
    while (length < 3 && text[index + length] !== undefined && text[index + length] !== '#')
      length++;
    doc.transact(() => body.delete(index, length), alice);
  }
}

function expectOnWords(doc: Y.Doc, seed: number, round: number): void {
  const [annotation] = readAnnotations(doc, { includeOrphaned: true });
  const body = getStoryBody(doc, annotation!.storyId).toJSON();
  const hashes = [...body].filter((char) => char === '#').length;
  const context = `seed ${seed}, round ${round}: “${body}” → “${annotation!.text}”`;
  expect(annotation!.text.startsWith('#'), context).toBe(true);
  expect(annotation!.text.endsWith('#'), context).toBe(true);
  expect([...annotation!.text].filter((char) => char === '#').length, context).toBe(hashes);
}

describe('highlights under concurrent editing', () => {
  for (const seed of seeds) {
    it(`stay on the highlighted words while three peers type around and inside them (seed ${seed})`, () => {
      const random = seededRandom(seed);
      const docs = [seededDoc(seed, 1), seededDoc(seed + 1, 2), seededDoc(seed + 2, 3)] as const;
      const storyId = addStory(docs[0], { title: 'Call', body: PREFIX + WORDS + SUFFIX }, alice);
      syncDocs(...docs);
      addAnnotation(
        docs[1],
        { storyId, start: PREFIX.length, end: PREFIX.length + WORDS.length, tag: 'quote' },
        alice,
      );
      syncDocs(...docs);
      for (let round = 0; round < ROUNDS; round++) {
        for (const doc of docs) if (random() < 0.7) edit(doc, random);
        // Sometimes only two peers talk, so edits pile up concurrently for a while.
        if (random() < 0.3) syncDocs(...docs);
        else if (random() < 0.5) syncDocs(docs[0], docs[random() < 0.5 ? 1 : 2]);
        for (const doc of docs) expectOnWords(doc, seed, round);
      }
      syncDocs(...docs);
      const texts = docs.map((doc) => readAnnotations(doc)[0]!.text);
      expect(new Set(texts).size, `seed ${seed}: peers disagree`).toBe(1);
      const formatting = docs.map((doc) => JSON.stringify(getStoryBody(doc, storyId).toDelta()));
      expect(new Set(formatting).size, `seed ${seed}: peers disagree on formatting`).toBe(1);
      expect(formatting[0], `seed ${seed}: nothing was formatted`).toContain('attributes');
    });
  }
});
