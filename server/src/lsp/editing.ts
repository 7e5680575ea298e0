// Requests that change the text: completion, code actions and formatting.
import {
  CodeActionKind, CompletionItemKind, InsertTextFormat, MarkupKind,
  type CodeAction as LspCodeAction, type CompletionItem, type Diagnostic as LspDiagnostic,
} from 'vscode-languageserver';
import type { Analysis } from '../language/analysis';
import { codeActions, resolveEdits, type CodeAction } from '../language/services/codeActions';
import { completions, type Completion, type CompletionKind } from '../language/services/completion';
import { format } from '../language/services/format';
import { edit, offset, range, span } from './convert';
import { guard, onDocument, workspaceEdit, type ServerContext } from './context';
import { isFixData } from './diagnostics';
import type { Analyzed } from './documents';
import { severityOptions } from './settings';

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  segment: CompletionItemKind.Snippet,
  event: CompletionItemKind.Event,
  assertion: CompletionItemKind.EnumMember,
  keyword: CompletionItemKind.Keyword,
  endpoint: CompletionItemKind.Class,
  state: CompletionItemKind.EnumMember,
  flag: CompletionItemKind.Constant,
  field: CompletionItemKind.Field,
  value: CompletionItemKind.Value,
  symbol: CompletionItemKind.Variable,
};

/** The text as an LSP snippet, its placeholder a tab stop. */
function snippet(c: Completion): string {
  const esc = (s: string) => s.replace(/[\\$}]/g, '\\$&');
  const p = c.placeholder!;
  const inner = p.end > p.start ? `\${1:${esc(c.insert.slice(p.start, p.end))}}` : '$0';
  return esc(c.insert.slice(0, p.start)) + inner + esc(c.insert.slice(p.end));
}

function completionItem(a: Analysis, c: Completion, snippets: boolean): CompletionItem {
  const asSnippet = snippets && c.placeholder !== undefined;
  return {
    label: c.label,
    kind: COMPLETION_KIND[c.kind],
    detail: c.detail,
    documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
    sortText: c.sortText,
    preselect: c.preselect,
    filterText: c.label,
    insertTextFormat: asSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range: range(a, c), newText: asSnippet ? snippet(c) : c.insert },
  };
}

/** Data of a code action whose edits are made on resolve. */
interface LazyData {
  readonly uri: string;
  readonly version: number;
  readonly lazy: 'fillAll';
}

const sameRange = (d: LspDiagnostic, a: Analysis, f: CodeAction['finding']) =>
  f !== undefined && d.code === f.code && JSON.stringify(d.range) === JSON.stringify(range(a, f));

function lspCodeActions(ctx: ServerContext, doc: Analyzed, actions: readonly CodeAction[], sent: readonly LspDiagnostic[], only: readonly string[] | undefined): LspCodeAction[] {
  const a = doc.analysis;
  const wanted = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const out: LspCodeAction[] = [];
  // Quick fixes the client sent back with the diagnostics, when they are of this version.
  const fromData = sent.flatMap((d) => (isFixData(d.data) && d.data.version === doc.version ? [{ d, fixes: d.data.fixes }] : []));
  if (wanted(CodeActionKind.QuickFix)) {
    for (const { d, fixes } of fromData) {
      for (const f of fixes) out.push({ title: f.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: f.preferred, edit: workspaceEdit(ctx, doc, [...f.edits]) });
    }
  }
  const canResolve = ctx.client.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') ?? false;
  for (const action of actions) {
    if (!wanted(action.kind)) continue;
    if (action.kind === 'quickfix' && fromData.some(({ d }) => sameRange(d, a, action.finding))) continue;
    const diagnostic = sent.find((d) => sameRange(d, a, action.finding));
    const lsp: LspCodeAction = { title: action.title, kind: action.kind, isPreferred: action.preferred, diagnostics: diagnostic ? [diagnostic] : undefined };
    if (action.edits) lsp.edit = workspaceEdit(ctx, doc, action.edits.map((e) => edit(a, e)));
    else if (action.lazy && canResolve) lsp.data = { uri: doc.uri, version: doc.version, lazy: action.lazy } satisfies LazyData;
    else if (action.lazy) lsp.edit = workspaceEdit(ctx, doc, resolveEdits(a, action.lazy).map((e) => edit(a, e)));
    out.push(lsp);
  }
  return out;
}

export function registerEditing(ctx: ServerContext): void {
  const c = ctx.connection;

  c.onCompletion(onDocument(ctx, 'completion', [], ({ analysis: a }, p): CompletionItem[] => {
    const snippets = ctx.client.textDocument?.completion?.completionItem?.snippetSupport ?? false;
    return completions(a, offset(a, p.position)).map((x) => completionItem(a, x, snippets));
  }));

  c.onCodeAction(onDocument(ctx, 'code actions', [], async (doc, p) => {
    const settings = await ctx.settings.get(doc.uri);
    const a = doc.analysis;
    return lspCodeActions(ctx, doc, codeActions(a, span(a, p.range), severityOptions(settings)), p.context.diagnostics, p.context.only);
  }));

  c.onCodeActionResolve(guard(ctx, 'code action resolve', undefined as unknown as LspCodeAction, (action: LspCodeAction) => {
    const data = action.data as LazyData | undefined;
    const doc = data && ctx.documents.get(data.uri);
    // A document edited since the action was offered gets no edit (the client asks again).
    if (!data || !doc || doc.version !== data.version) return action;
    return { ...action, edit: workspaceEdit(ctx, doc, resolveEdits(doc.analysis, data.lazy).map((e) => edit(doc.analysis, e))) };
  }));

  const formatting = (doc: Analyzed, tabSize: number, insertSpaces: boolean, within?: { start: number; end: number }) => {
    const a = doc.analysis;
    const indent = insertSpaces ? ' '.repeat(Math.max(1, Math.min(tabSize, 8))) : '\t';
    return format(a, { indent })
      .filter((e) => !within || (e.end >= within.start && e.start <= within.end))
      .map((e) => edit(a, e));
  };
  c.onDocumentFormatting(onDocument(ctx, 'formatting', [], (doc, p) => formatting(doc, p.options.tabSize, p.options.insertSpaces)));
  c.onDocumentRangeFormatting(onDocument(ctx, 'range formatting', [], (doc, p) => formatting(doc, p.options.tabSize, p.options.insertSpaces, span(doc.analysis, p.range))));
}
