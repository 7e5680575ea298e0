// What every handler of the server shares, and the guard that keeps a failing
// handler from taking the server down.
import { ResponseError, type CancellationToken, type ClientCapabilities, type Connection, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { Analyzed, Documents } from './documents';
import type { Publisher } from './publisher';
import type { SettingsStore } from './settingsStore';

export interface ServerContext {
  readonly connection: Connection;
  readonly documents: Documents;
  readonly settings: SettingsStore;
  readonly publisher: Publisher;
  /** Set on initialize. */
  client: ClientCapabilities;
}

/**
 * A request handler on an open document's analysis: answers `fallback` when the
 * document is not open, and logs (rather than throws) what goes wrong.
 */
export function onDocument<P extends { textDocument: { uri: string } }, R>(
  ctx: ServerContext,
  name: string,
  fallback: R,
  fn: (doc: Analyzed, params: P) => R | Promise<R>,
): (params: P, token?: CancellationToken) => Promise<R> {
  return guard(ctx, name, fallback, async (params: P, token?: CancellationToken) => {
    // Settings first: a handler that reads them after taking the analysis then finds them at hand, so no
    // later version's analysis (which takes the statements of this one over) can be made in between.
    await ctx.settings.get(params.textDocument.uri);
    // A request the client gave up on (the text changed since) does not cost an analysis.
    if (token?.isCancellationRequested) return fallback;
    const doc = ctx.documents.get(params.textDocument.uri);
    return doc ? fn(doc, params) : fallback;
  });
}

export function guard<P, R>(
  ctx: ServerContext,
  name: string,
  fallback: R,
  fn: (params: P, token?: CancellationToken) => R | Promise<R>,
): (params: P, token?: CancellationToken) => Promise<R> {
  return async (params: P, token?: CancellationToken) => {
    try {
      return await fn(params, token);
    } catch (e) {
      // A ResponseError is an answer for the client (e.g. a rename refused): pass it on.
      if (e instanceof ResponseError) throw e;
      ctx.connection.console.error(`tcpflow: ${name} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return fallback;
    }
  };
}

/** Edits of one document, tied to its version when the client can check it. */
export function workspaceEdit(ctx: ServerContext, doc: Analyzed, edits: TextEdit[]): WorkspaceEdit {
  if (ctx.client.workspace?.workspaceEdit?.documentChanges) {
    return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] };
  }
  return { changes: { [doc.uri]: edits } };
}
