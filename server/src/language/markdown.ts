// User text in Markdown (hovers, completion documentation, the Markdown
// export): it must read as the text it is, never as markup. Renderers differ
// (raw HTML allowed or not, GFM autolinks, linkify), so whatever any of them
// could read as syntax in running text is escaped, and only that, so that the
// Markdown stays readable as text; bidirectional controls are shown as code points.
import { showBidi } from './syntax/bidi';

/** `<` opens HTML and autolinks, `&` an entity; a lone `>` means nothing inside a line. */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;' };

/**
 * Inline syntax: code, emphasis, links and images, tables, strikethrough, a
 * heading's closing #; `_` only where it can start or end emphasis (not inside
 * a word); and what makes an autolink: `:` before `/`, `@`, a dot before a
 * letter or digit (linkify reads `¢.ac` as a domain as readily as `e.ac`).
 */
const SYNTAX = /[\\`*[\]|~#@]|_(?![A-Za-z0-9])|(?<![A-Za-z0-9])_|:(?=\/)|\.(?=[\p{L}\p{N}])/gu;

/** Text for running Markdown (a heading, a paragraph, a table cell): one line, literal. */
export function escapeMarkdown(s: string): string {
  return showBidi(s)
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ')
    .replace(SYNTAX, '\\$&')
    .replace(/[&<]/g, (c) => ENTITIES[c]);
}

/**
 * `code` in Markdown, literal for any text: the fence is longer than any run of
 * backticks inside, and a space pads text that starts or ends with a backtick or
 * is wrapped in spaces (a code span drops one space at each end).
 */
export function code(s: string): string {
  const text = showBidi(s).replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ');
  // A loop, not Math.max(...runs): a spread of a long line's runs overflows the stack.
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const wrapped = text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '';
  const pad = text.startsWith('`') || text.endsWith('`') || wrapped ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
