import type { Page } from 'playwright-core';

/** Milliseconds between keys: fast enough to interleave two people's letters. */
export const KEY_DELAY = 35;

export interface Typist {
  page: Page;
  /** Puts the caret (or the selection) where this person types. */
  place: () => Promise<void>;
  phrase: string;
}

/** Everyone places their caret, then all type at once, key by key. */
export async function typeTogether(typists: Typist[]): Promise<void> {
  for (const typist of typists) await typist.place();
  await Promise.all(
    typists.map(({ page, phrase }) => page.keyboard.type(phrase, { delay: KEY_DELAY })),
  );
}

/** The texts that keep every phrase whole: the phrases, in any order, at one place. */
export function wholeRuns(before: string, after: string, phrases: string[]): string[] {
  const orders = (rest: string[]): string[][] =>
    rest.length <= 1
      ? [rest]
      : rest.flatMap((first, i) =>
          orders(rest.filter((_, j) => j !== i)).map((tail) => [first, ...tail]),
        );
  return orders(phrases).map((order) => before + order.join('') + after);
}
