// The custom requests of server/src/protocol.ts: the states at a line (status
// bar), the diagram for the preview, and the text exports.
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { Analysis } from '../language/analysis';
import type { SeverityOptions } from '../language/check/diagnostic';
import { LABEL_NOTATIONS, nothingToDraw, toMarkdown, toMermaid, type LineRange, type MermaidOptions } from '../language/mermaid';
import { statesAt } from '../language/services/statesAt';
import { DiagramRequest, ExportTextRequest, StatesAtRequest, type DiagramResult, type DiagramOptions } from '../protocol';
import { guard, type ServerContext } from './context';
import { severityOptions } from './settings';

export function registerCustom(ctx: ServerContext): void {
  const c = ctx.connection;
  const doc = (uri: string) => ctx.documents.get(uri);

  c.onRequest(StatesAtRequest, guard(ctx, 'statesAt', null, (p) => {
    const d = doc(p.uri);
    return d ? { endpoints: statesAt(d.analysis, p.line) } : null;
  }));

  c.onRequest(DiagramRequest, guard(ctx, 'diagram', null, async (p): Promise<DiagramResult | null> => {
    // Settings first: no later version can take this version's analysis over while they are fetched.
    const severity = severityOptions(await ctx.settings.get(p.uri));
    const d = doc(p.uri);
    if (!d) return null;
    const diagram = toMermaid(d.analysis, { ...mermaidOptions(p.options), severity });
    const syntaxErrors = syntaxErrorsOf(d.analysis, severity);
    return { version: d.version, title: diagram.title, mermaid: diagram.mermaid, chunks: diagram.chunks, elements: diagram.elements, syntaxErrors };
  }));

  c.onRequest(ExportTextRequest, guard(ctx, 'exportText', null, async (p) => {
    const severity = severityOptions(await ctx.settings.get(p.uri));
    const d = doc(p.uri);
    if (!d) return null;
    const options = { ...mermaidOptions(p.options), severity };
    if (options.lines && !toMermaid(d.analysis, options).elements.length) throw new ResponseError(ErrorCodes.InvalidParams, nothingToDraw(options.lines));
    return p.format === 'md' ? toMarkdown(d.analysis, { ...options, fileName: fileNameOf(p.uri) }) : toMermaid(d.analysis, { ...options, chunkSize: 0 }).mermaid;
  }));
}

/** The syntax errors the preview's banner shows (it keeps the last good diagram meanwhile). */
export function syntaxErrorsOf(a: Analysis, severity: SeverityOptions): DiagramResult['syntaxErrors'] {
  return a.diagnostics(severity)
    .filter((x) => x.severity === 'error' && x.code < 'TF200')
    .map((x) => ({ line: a.lines.position(x.start).line, message: `${x.code}: ${x.message}` }));
}

/** The request's diagram options; a label notation the server does not know is auto; a range must be one. */
export function mermaidOptions(o: DiagramOptions | undefined): MermaidOptions {
  const labels = LABEL_NOTATIONS.find((n) => n === o?.labels);
  return { inferred: o?.inferred, timestamps: o?.timestamps, labels, chunkSize: o?.chunkSize, lines: o?.lines && lineRange(o.lines) };
}

function lineRange({ from, to }: LineRange): LineRange {
  if (Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 1 && to >= from) return { from, to };
  throw new ResponseError(ErrorCodes.InvalidParams, `lines must be 1-based with from ≤ to, not ${JSON.stringify({ from, to })}`);
}

/** The file name of a document URI, for the Markdown title when the flow has none. */
function fileNameOf(uri: string): string {
  const last = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
