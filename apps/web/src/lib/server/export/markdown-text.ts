/**
 * Anything a member typed (or a crafted client wrote), as Markdown that renders as
 * exactly that text on one line: no HTML, links, images, emphasis, code, headings or
 * tables. Each character that opens such syntax gets a backslash (CommonMark allows one
 * before any ASCII punctuation); without `[` and `<` no link or autolink can form, so a
 * `javascript:` URL stays text. Non-strings (a malformed entry) print as their text.
 */
export function markdownText(value: unknown): string {
  return String(value ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_{}[\]<>#!|~]/g, '\\$&');
}
