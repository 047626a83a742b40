import type { Page } from 'playwright-core';

/**
 * The story's rich-text editor, driven the way a person's mouse would: a DOM selection
 * over the words, which the editor picks up from `selectionchange`. Runs in the page as
 * source text because the tests are compiled without the DOM library.
 */
const SELECT_IN_STORY = `async (words, where) => {
  const root = document.querySelector('[data-story-body]');
  if (!root) throw new Error('no story editor on the page');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let text = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push({ node, from: text.length });
    text += node.data;
  }
  const found = text.indexOf(words);
  if (found < 0) throw new Error('the story does not contain "' + words + '"');
  const offsets = {
    words: [found, found + words.length],
    before: [found, found],
    after: [found + words.length, found + words.length],
    inside: [found + where.inside, found + where.inside],
  }[where.at];
  const point = (offset) => {
    const hit = nodes.find(({ node, from }) => offset >= from && offset <= from + node.data.length);
    return [hit.node, offset - hit.from];
  };
  root.focus();
  const range = document.createRange();
  range.setStart(...point(offsets[0]));
  range.setEnd(...point(offsets[1]));
  const selection = document.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  // The editor reads the selection in a timer after selectionchange: let it run first.
  await new Promise((resolve) => setTimeout(resolve, 20));
}`;

type Where = { at: 'words' | 'before' | 'after' } | { at: 'inside'; inside: number };

async function select(page: Page, words: string, where: Where): Promise<void> {
  await page.evaluate(`(${SELECT_IN_STORY})(${JSON.stringify(words)}, ${JSON.stringify(where)})`);
}

export const storyEditor = {
  body: (page: Page) => page.locator('[data-story-body]'),
  selectWords: (page: Page, words: string) => select(page, words, { at: 'words' }),
  caretBefore: (page: Page, words: string) => select(page, words, { at: 'before' }),
  caretAfter: (page: Page, words: string) => select(page, words, { at: 'after' }),
  /** The caret `offset` characters into the first occurrence of `words`. */
  caretInside: (page: Page, words: string, offset: number) =>
    select(page, words, { at: 'inside', inside: offset }),

  /** The story's text as the editor shows it (one paragraph: no line breaks). */
  text: async (page: Page) => (await storyEditor.body(page).textContent()) ?? '',

  /**
   * The words painted as highlights (the CSS Custom Highlight API ranges the editor
   * registered), in reading order, with the tag each is painted as.
   */
  highlights: (page: Page): Promise<{ tag: string; text: string }[]> =>
    page.evaluate(`(() => {
      const found = [];
      for (const [name, highlight] of CSS.highlights) {
        if (!name.startsWith('jb-') || name === 'jb-active') continue;
        for (const range of highlight) found.push({ range, tag: name.slice(3) });
      }
      found.sort((a, b) => a.range.compareBoundaryPoints(Range.START_TO_START, b.range));
      return found.map(({ range, tag }) => ({ tag, text: range.toString() }));
    })()`),
};
