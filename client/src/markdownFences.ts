// ```tcpflow blocks in VS Code's Markdown preview: a markdown-it plugin that
// checks the block and puts its sequence diagram (Mermaid text, drawn by the
// preview script dist/markdownPreview.js) and its problems in the page. The
// Mermaid text is already escaped by the generator; all of it is HTML-escaped
// again here, and the source stays in the page until the diagram replaces it.
import { analyze } from '../../server/src/language/analysis';
import { FLOW_LANG } from '../../server/src/language/markdown/render';
import { toMermaid, type MermaidOptions } from '../../server/src/language/mermaid';

/** What the plugin needs of markdown-it (the preview passes its own instance). */
export interface MarkdownItLike {
  readonly renderer: { rules: Record<string, RenderRule | undefined>; renderToken(tokens: readonly FenceToken[], idx: number, options: unknown): string };
}
export interface FenceToken {
  readonly info: string;
  readonly content: string;
  /** 0-based lines of the block in the document: [opening fence, after the closing fence). */
  readonly map: readonly [number, number] | null;
}
type RenderRule = (tokens: readonly FenceToken[], idx: number, options: unknown, env: unknown, self: MarkdownItLike['renderer']) => string;

export const FENCE_CLASS = 'tcpflow-fence';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** How the diagrams are drawn: the preview's settings (label notation, inferred numbers, timestamps). */
export type FenceOptions = Pick<MermaidOptions, 'inferred' | 'timestamps' | 'labels'>;

/** The HTML of one ```tcpflow block whose opening fence is on 0-based line `openLine` of the document. */
export function fenceHtml(source: string, openLine: number | undefined, options: FenceOptions = {}): string {
  const a = analyze(source);
  const problems = a.diagnostics().filter((d) => d.severity === 'error' || d.severity === 'warning');
  const lineOf = (offset: number) => a.lines.position(offset).line + (openLine === undefined ? 0 : openLine + 1) + 1;
  const items = problems.map((d) => `<li class="tcpflow-${d.severity}">line ${lineOf(d.start)}: ${d.severity} ${d.code}: ${escapeHtml(d.message)}</li>`);
  const line = openLine === undefined ? '' : ` code-line" data-line="${openLine}`;
  return [
    `<div class="${FENCE_CLASS}${line}">`,
    `<pre class="tcpflow-mermaid" hidden>${escapeHtml(toMermaid(a, { ...options, chunkSize: 0 }).mermaid)}</pre>`,
    `<div class="tcpflow-diagram"><pre><code>${escapeHtml(source)}</code></pre></div>`,
    items.length ? `<ul class="tcpflow-problems">${items.join('')}</ul>` : '',
    '</div>',
  ].join('');
}

/** The markdown-it plugin: ```tcpflow blocks become diagrams, every other block renders as before; `drawing` is read at each render. */
export function tcpflowFences<T extends MarkdownItLike>(md: T, drawing: () => FenceOptions = () => ({})): T {
  const previous = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    if (token.info.trim().split(/\s+/)[0] === FLOW_LANG) return fenceHtml(token.content, token.map?.[0], drawing());
    return previous ? previous(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
  };
  return md;
}
