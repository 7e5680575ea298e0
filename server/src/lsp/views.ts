// Requests that show the analysis: hover, inlay hints, code lenses, outline,
// folding, selection ranges and semantic tokens.
import {
  FoldingRangeKind, InlayHintKind, MarkupKind, SymbolKind,
  type CodeLens, type DocumentSymbol, type Hover, type InlayHint, type SelectionRange, type SemanticTokens, type SymbolInformation,
} from 'vscode-languageserver';
import type { Analysis } from '../language/analysis';
import { codeLenses } from '../language/services/codeLenses';
import { documentSymbols, type OutlineItem, type OutlineKind } from '../language/services/documentSymbols';
import { foldingRanges } from '../language/services/folding';
import { hover } from '../language/services/hover';
import { inlayHints } from '../language/services/inlayHints';
import { selectionRange } from '../language/services/selectionRanges';
import { semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES } from '../language/services/semanticTokens';
import type { Span } from '../language/text';
import { offset, position, range, span } from './convert';
import { onDocument, type ServerContext } from './context';

export const SEMANTIC_TOKENS_LEGEND = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

const SYMBOL_KIND: Record<OutlineKind, SymbolKind> = {
  title: SymbolKind.String,
  endpoint: SymbolKind.Object,
  phase: SymbolKind.Namespace,
  segment: SymbolKind.Event,
  event: SymbolKind.Function,
  assertion: SymbolKind.Boolean,
  note: SymbolKind.String,
  block: SymbolKind.Array,
};

function documentSymbol(a: Analysis, item: OutlineItem): DocumentSymbol {
  return {
    name: item.name,
    detail: item.detail,
    kind: SYMBOL_KIND[item.kind],
    range: range(a, item),
    selectionRange: range(a, item.selection),
    children: item.children?.map((c) => documentSymbol(a, c)),
  };
}

/** The flat form, for clients without hierarchical outlines. */
function symbolInformation(a: Analysis, uri: string, items: readonly OutlineItem[], container?: string): SymbolInformation[] {
  return items.flatMap((item) => [
    { name: item.name, kind: SYMBOL_KIND[item.kind], location: { uri, range: range(a, item) }, containerName: container },
    ...symbolInformation(a, uri, item.children ?? [], item.name),
  ]);
}

/** LSP's relative encoding: line delta, start delta, length, type, modifiers (no token spans lines). */
function encodeTokens(a: Analysis, within?: Span): SemanticTokens {
  const data: number[] = [];
  let line = 0;
  let char = 0;
  for (const t of semanticTokens(a, within)) {
    const p = position(a, t.start);
    data.push(p.line - line, p.line === line ? p.character - char : p.character, t.end - t.start, t.type, t.modifiers);
    line = p.line;
    char = p.character;
  }
  return { data };
}

function selectionChain(a: Analysis, at: number): SelectionRange {
  let parent: SelectionRange | undefined;
  for (const s of selectionRange(a, at).reverse()) parent = { range: range(a, s), parent };
  return parent ?? { range: range(a, { start: at, end: at }) };
}

export function registerViews(ctx: ServerContext): void {
  const c = ctx.connection;

  c.onHover(onDocument(ctx, 'hover', null, ({ analysis: a }, p): Hover | null => {
    const h = hover(a, offset(a, p.position));
    return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: range(a, h) } : null;
  }));

  c.languages.inlayHint.on(onDocument(ctx, 'inlay hints', [], async ({ analysis: a, uri }, p): Promise<InlayHint[]> => {
    const settings = await ctx.settings.get(uri);
    return inlayHints(a, span(a, p.range), settings.inlayHints).map((h) => ({
      position: position(a, h.offset),
      label: h.label,
      kind: h.kind === 'state' || h.kind === 'initial' ? InlayHintKind.Type : InlayHintKind.Parameter,
      tooltip: h.tooltip,
      paddingLeft: h.paddingLeft,
      paddingRight: h.paddingRight,
      textEdits: h.insert !== undefined ? [{ range: range(a, { start: h.offset, end: h.offset }), newText: h.insert }] : undefined,
    }));
  }));

  // A lens whose command names no command is a label: VS Code draws it as text, not as a link.
  c.onCodeLens(onDocument(ctx, 'code lenses', [], async ({ analysis: a, uri }): Promise<CodeLens[]> => {
    const settings = await ctx.settings.get(uri);
    if (!settings.inlayHints.initialStates) return [];
    return codeLenses(a).map((l) => {
      const at = range(a, { start: l.offset, end: l.offset });
      return { range: at, command: { title: l.title, command: '', tooltip: l.tooltip } };
    });
  }));

  c.onDocumentSymbol(onDocument(ctx, 'document symbols', [], ({ analysis: a, uri }): DocumentSymbol[] | SymbolInformation[] => {
    const items = documentSymbols(a);
    return ctx.client.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport ? items.map((i) => documentSymbol(a, i)) : symbolInformation(a, uri, items);
  }));

  c.onFoldingRanges(onDocument(ctx, 'folding ranges', [], ({ analysis: a }) =>
    foldingRanges(a).map((f) => ({ startLine: f.startLine, endLine: f.endLine, kind: f.kind === 'comment' ? FoldingRangeKind.Comment : FoldingRangeKind.Region })),
  ));

  c.onSelectionRanges(onDocument(ctx, 'selection ranges', [], ({ analysis: a }, p) => p.positions.map((pos) => selectionChain(a, offset(a, pos)))));

  c.languages.semanticTokens.on(onDocument(ctx, 'semantic tokens', { data: [] }, ({ analysis: a }) => encodeTokens(a)));
  c.languages.semanticTokens.onRange(onDocument(ctx, 'semantic tokens', { data: [] }, ({ analysis: a }, p) => encodeTokens(a, span(a, p.range))));
}
