/**
 * Anything a member typed (or a crafted client wrote), as Markdown that renders as
 * exactly that text on one line: no HTML, links, images, emphasis, code, headings or
 * tables. Each character that opens such syntax gets a backslash (CommonMark allows one
 * before any ASCII punctuation); without `[` and `<` no link or autolink can form, so a
 * `javascript:` URL stays text. A number prints as itself; anything else that is not a
 * string (a malformed entry) prints as nothing.
 */
export function markdownText(value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_{}[\]<>#!|~]/g, '\\$&');
}
