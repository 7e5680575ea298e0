// The tcpflow language server: capabilities, document lifecycle, settings and
// diagnostics. Every feature is a thin handler over a service of
// server/src/language/services on the document's one analysis per version.
import {
  CodeLensRefreshRequest, createConnection, DidChangeConfigurationNotification, ProposedFeatures, TextDocumentSyncKind,
  type Connection, type InitializeResult,
} from 'vscode-languageserver/node';
import { guard, type ServerContext } from './context';
import { registerCustom } from './custom';
import { registerDiagramChunks } from './diagramChunks';
import { registerStepping } from './stepping';
import { Documents } from './documents';
import { registerEditing } from './editing';
import { registerImportCapture } from './importCapture';
import { registerNavigation } from './navigation';
import { Publisher } from './publisher';
import { SettingsStore } from './settingsStore';
import { registerViews, SEMANTIC_TOKENS_LEGEND } from './views';

declare const TCPFLOW_VERSION: string | undefined;

/** Starts the server on a connection (by default the one the command line names: --stdio, --node-ipc, --socket=N). */
export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): ServerContext {
  const documents = new Documents(connection);
  const settings = new SettingsStore(connection);
  const ctx: ServerContext = { connection, documents, settings, publisher: new Publisher(connection, documents, settings), client: {} };

  connection.onInitialize((params): InitializeResult => {
    ctx.client = params.capabilities;
    settings.pull = params.capabilities.workspace?.configuration === true;
    // Initialization options may carry the settings too ({ tcpflow: {...} }), for clients that cannot be asked.
    settings.changed(params.initializationOptions);
    const init = params.initializationOptions as { timing?: unknown; fullAnalysis?: unknown } | undefined;
    ctx.publisher.timing = init?.timing === true;
    // Benchmarks measure the incremental analysis against a full one per version.
    documents.incremental = init?.fullAnalysis !== true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', '=', '('], resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'], resolveProvider: true },
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: { label: 'tcpflow' },
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        inlayHintProvider: { resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true, range: true },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
      },
      serverInfo: { name: 'tcpflow', version: typeof TCPFLOW_VERSION === 'string' ? TCPFLOW_VERSION : 'dev' },
    };
  });

  connection.onInitialized(() => {
    if (ctx.client.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'tcpflow' });
    }
  });

  connection.onDidChangeConfiguration(guard(ctx, 'configuration', undefined, async (p) => {
    settings.changed(p.settings);
    await Promise.all(documents.uris().map((uri) => ctx.publisher.now(uri)));
    // Hints and lenses depend on the settings too: clients that can be told to ask again are.
    if (ctx.client.workspace?.inlayHint?.refreshSupport) await connection.languages.inlayHint.refresh();
    if (ctx.client.workspace?.codeLens?.refreshSupport) await connection.sendRequest(CodeLensRefreshRequest.type);
  }));

  documents.store.onDidOpen((e) => void ctx.publisher.now(e.document.uri));
  documents.store.onDidChangeContent((e) => ctx.publisher.soon(e.document.uri));
  documents.store.onDidClose((e) => {
    settings.forget(e.document.uri);
    ctx.publisher.clear(e.document.uri);
  });

  registerViews(ctx);
  registerEditing(ctx);
  registerNavigation(ctx);
  registerCustom(ctx);
  registerDiagramChunks(ctx);
  registerImportCapture(ctx);
  registerStepping(ctx);
  connection.listen();
  return ctx;
}
