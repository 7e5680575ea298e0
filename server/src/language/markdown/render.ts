// A Markdown document's ```tcpflow blocks, checked, each followed by its
// sequence diagram as a generated ```mermaid block (GitHub and GitLab draw
// it; the source block stays, and stays editable). A generated block is
// recognised by the comment line before it and replaced on the next run, so
// rendering a rendered document changes nothing.
import { analyze, type Analysis } from '../analysis';
import type { Diagnostic, SeverityOptions } from '../check/diagnostic';
import { toMermaid, type MermaidOptions } from '../mermaid';
import { documentOffset, findFences, linesOf, type Fence } from './fences';

export const FLOW_LANG = 'tcpflow';
export const GENERATED_MARK = '<!-- tcpflow render: the diagram of the tcpflow block above; edits here are replaced -->';

export interface FenceCheck {
  readonly fence: Fence;
  readonly analysis: Analysis;
  /** The block's diagnostics, their ranges in document offsets. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface RenderedDocument {
  /** The document with every closed block's diagram generated (or replaced). */
  readonly text: string;
  readonly checks: readonly FenceCheck[];
}

/** Checks one ```tcpflow block; its diagnostics are placed in the document. */
export function checkFence(fence: Fence, severity?: SeverityOptions): FenceCheck {
  const analysis = analyze(fence.text);
  const diagnostics = analysis.diagnostics(severity).map((d) => ({
    ...d,
    start: documentOffset(fence, d.start),
    end: documentOffset(fence, d.end),
    related: d.related?.map((r) => ({ ...r, start: documentOffset(fence, r.start), end: documentOffset(fence, r.end) })),
    // A fix's edits are for the block's text: they are not carried into the document.
    fixes: undefined,
  }));
  return { fence, analysis, diagnostics };
}

/** The generated block's lines after a closed fence, or undefined when `next` is not one. */
function generatedAfter(doc: string, fence: Fence, next: Fence | undefined): Fence | undefined {
  if (!next || next.lang !== 'mermaid' || !next.closed) return undefined;
  const between = linesOf(doc.slice(fence.end, next.start)).map((l) => l.text.trim());
  const mark = between.findIndex((l) => l !== '');
  return mark >= 0 && mark === between.length - 1 && between[mark] === GENERATED_MARK ? next : undefined;
}

export function renderDocument(doc: string, options: MermaidOptions = {}): RenderedDocument {
  const eol = doc.includes('\r\n') ? '\r\n' : '\n';
  const fences = findFences(doc);
  const checks: FenceCheck[] = [];
  let out = '';
  let copied = 0;
  for (let i = 0; i < fences.length; i++) {
    const fence = fences[i];
    if (fence.lang !== FLOW_LANG) continue;
    const check = checkFence(fence, options.severity);
    checks.push(check);
    if (!fence.closed) continue;
    const old = generatedAfter(doc, fence, fences[i + 1]);
    const pad = ' '.repeat(fence.indent);
    const mermaid = toMermaid(check.analysis, { ...options, chunkSize: 0 }).mermaid.trimEnd().split('\n');
    const block = ['', GENERATED_MARK, '```mermaid', ...mermaid, '```'].map((l) => (l ? pad + l : l)).join(eol) + eol;
    // A closing fence on the document's last line has no line ending yet.
    const lineEnd = /\n$/.test(doc.slice(0, fence.end)) ? '' : eol;
    out += doc.slice(copied, fence.end) + lineEnd + block;
    copied = old ? old.end : fence.end;
    if (old) i++;
  }
  return { text: out + doc.slice(copied), checks };
}
