// Endpoint names and symbols: definition, references, highlights, rename.
import { DocumentHighlightKind, ErrorCodes, ResponseError, type Location, type WorkspaceEdit } from 'vscode-languageserver';
import { highlights, occurrencesAt, prepareRename, rename } from '../language/services/names';
import { edit, offset, range } from './convert';
import { onDocument, workspaceEdit, type ServerContext } from './context';

export function registerNavigation(ctx: ServerContext): void {
  const c = ctx.connection;

  c.onDefinition(onDocument(ctx, 'definition', null, ({ analysis: a, uri }, p): Location | null => {
    const o = occurrencesAt(a, offset(a, p.position));
    return o ? { uri, range: range(a, o.definition) } : null;
  }));

  c.onReferences(onDocument(ctx, 'references', [], ({ analysis: a, uri }, p): Location[] => {
    const o = occurrencesAt(a, offset(a, p.position));
    if (!o) return [];
    return o.spans.filter((s) => p.context.includeDeclaration || s !== o.definition).map((s) => ({ uri, range: range(a, s) }));
  }));

  c.onDocumentHighlight(onDocument(ctx, 'highlights', [], ({ analysis: a }, p) =>
    highlights(a, offset(a, p.position)).map((h) => ({ range: range(a, h), kind: h.definition ? DocumentHighlightKind.Write : DocumentHighlightKind.Read })),
  ));

  c.onPrepareRename(onDocument(ctx, 'prepare rename', null, ({ analysis: a }, p) => {
    const r = prepareRename(a, offset(a, p.position));
    if ('error' in r) throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
    return { range: range(a, r.span), placeholder: r.name };
  }));

  c.onRenameRequest(onDocument(ctx, 'rename', null, (doc, p): WorkspaceEdit | null => {
    const a = doc.analysis;
    const r = rename(a, offset(a, p.position), p.newName);
    if ('error' in r) throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
    return workspaceEdit(ctx, doc, r.edits.map((e) => edit(a, e)));
  }));
}
