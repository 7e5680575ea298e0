// User text in Markdown (hovers, completion documentation, the Markdown
// export): it must read as the text it is, never as markup. Renderers differ
// (raw HTML allowed or not, linkified URLs), so every character that any of
// them could read as syntax is escaped, and bidirectional controls are shown
// as code points.
import { showBidi } from './syntax/bidi';

/** ASCII punctuation: CommonMark lets a backslash escape each of them. */
const PUNCTUATION = /[!"#$%'()*+,\-./:;=?@[\\\]^_`{|}~]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Text for running Markdown (a heading, a paragraph, a table cell): one line, literal. */
export function escapeMarkdown(s: string): string {
  return showBidi(s)
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ')
    .replace(PUNCTUATION, '\\$&')
    .replace(/[&<>]/g, (c) => ENTITIES[c]);
}

/**
 * `code` in Markdown, literal for any text: the fence is longer than any run of
 * backticks inside, and a space pads text that starts or ends with a backtick or
 * is wrapped in spaces (a code span drops one space at each end).
 */
export function code(s: string): string {
  const text = showBidi(s).replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const wrapped = text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '';
  const pad = text.startsWith('`') || text.endsWith('`') || wrapped ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
