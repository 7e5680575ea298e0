// Diagnostics: the findings with the document's severity settings, as LSP
// diagnostics (code, link to the code's documentation, related locations,
// tags, and the quick fixes in `data`), pushed after edits.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic, type TextEdit } from 'vscode-languageserver';
import type { Analysis } from '../language/analysis';
import { docsAnchor, type Severity } from '../language/check/catalogue';
import type { Diagnostic } from '../language/check/diagnostic';
import { fixesFor } from '../language/services/codeActions';
import { edit, range } from './convert';
import { severityOptions, type Settings } from './settings';

/** docs/diagnostics.md as packaged next to the server bundle (dist/ → ../docs). */
const DOCS = pathToFileURL(join(__dirname, '..', 'docs', 'diagnostics.md')).href;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries for code actions: its fixes, valid for one document version. */
export interface FixData {
  readonly version: number;
  readonly fixes: readonly { readonly title: string; readonly preferred?: boolean; readonly edits: readonly TextEdit[] }[];
}

export function isFixData(v: unknown): v is FixData {
  return typeof v === 'object' && v !== null && typeof (v as FixData).version === 'number' && Array.isArray((v as FixData).fixes);
}

function toLsp(a: Analysis, uri: string, version: number, d: Diagnostic): LspDiagnostic {
  // A duplicate item is ignored: shown faded, as unnecessary text.
  const unnecessary = d.code === 'TF106' || d.tags?.includes('unnecessary');
  const fixes = fixesFor(a, d);
  return {
    range: range(a, d),
    severity: SEVERITY[d.severity],
    code: d.code,
    codeDescription: { href: `${DOCS}#${docsAnchor(d.code)}` },
    source: 'tcpflow',
    message: d.message,
    relatedInformation: d.related?.map((r) => ({ location: { uri, range: range(a, r) }, message: r.message })),
    tags: unnecessary ? [DiagnosticTag.Unnecessary] : undefined,
    data: fixes.length ? ({ version, fixes: fixes.map((f) => ({ title: f.title, preferred: f.preferred, edits: f.edits.map((e) => edit(a, e)) })) } satisfies FixData) : undefined,
  };
}

export function lspDiagnostics(a: Analysis, uri: string, version: number, settings: Settings): LspDiagnostic[] {
  return a.diagnostics(severityOptions(settings)).map((d) => toLsp(a, uri, version, d));
}
