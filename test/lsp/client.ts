// A language client for the tests: starts the real server process (the built
// bundle, or the CLI's `lsp --stdio`) and talks JSON-RPC to it over stdio.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, DidChangeConfigurationNotification, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification, ExitNotification, InitializedNotification, InitializeRequest, PublishDiagnosticsNotification,
  ShutdownRequest, StreamMessageReader, StreamMessageWriter,
  type ClientCapabilities, type Diagnostic, type ProtocolConnection, type PublishDiagnosticsParams, type Range, type TextDocumentContentChangeEvent, type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../server/src/language/analysis';
import type { SeverityOptions } from '../../server/src/language/check/diagnostic';
import { ROOT } from '../helpers';

export const SERVER = join(ROOT, 'dist', 'server.js');
export const BIN = join(ROOT, 'bin', 'tcpflow.js');

export const CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true },
    inlayHint: { refreshSupport: true },
    codeLens: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    completion: { completionItem: { snippetSupport: true } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor.rewrite'] } }, resolveSupport: { properties: ['edit'] } },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true, tagSupport: { valueSet: [1, 2] } },
    rename: { prepareSupport: true },
    semanticTokens: { requests: { full: true, range: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] },
  },
};

export const uriOf = (path: string) => pathToFileURL(path).href;

export class TestClient {
  readonly connection: ProtocolConnection;
  /** The `tcpflow` section the server reads with workspace/configuration. */
  settings: Record<string, unknown> = {};
  readonly errors: string[] = [];
  readonly configurationRequests: string[] = [];
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: (() => void)[] = [];
  private readonly versions = new Map<string, number>();

  constructor(readonly child: ChildProcess) {
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p);
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      if (p.type === 1) this.errors.push(p.message);
    });
    this.connection.onRequest('workspace/configuration', (p: { items: { section?: string; scopeUri?: string }[] }) => {
      this.configurationRequests.push(...p.items.map((i) => i.scopeUri ?? ''));
      return p.items.map((i) => (i.section === 'tcpflow' ? this.settings : null));
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/inlayHint/refresh', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => null);
    this.connection.onRequest('workspace/semanticTokens/refresh', () => null);
    this.connection.listen();
  }

  /** `node dist/server.js --stdio`, or another command line (the CLI's). */
  static start(args: string[] = [SERVER, '--stdio']): TestClient {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr!.on('data', () => undefined);
    return new TestClient(child);
  }

  async initialize(initializationOptions?: unknown, capabilities: ClientCapabilities = CAPABILITIES) {
    const r = await this.connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: uriOf(ROOT), capabilities, initializationOptions });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return r;
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'tcpflow', version: 1, text } });
  }

  /** Sends one change; returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async configure(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { tcpflow: settings } });
  }

  /** The last diagnostics published for a document, once `accept` holds for them. */
  async diagnosticsFor(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 20_000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = this.diagnostics.get(uri);
      if (p && accept(p)) return p.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching diagnostics for ${uri} (last: ${JSON.stringify(p)?.slice(0, 300)})`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Diagnostics of a given document version. */
  diagnosticsOfVersion(uri: string, version: number): Promise<Diagnostic[]> {
    return this.diagnosticsFor(uri, (p) => p.version === version);
  }

  forget(uri: string): void {
    this.diagnostics.delete(uri);
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}

const SEVERITY = { error: 1, warning: 2, info: 3, hint: 4 } as const;

/** What the server must publish for a text: the core's diagnostics, positions as LSP counts them. */
export function expectedDiagnostics(text: string, options: SeverityOptions = {}): { code: string; severity: number; message: string; range: Range }[] {
  const a = analyze(text);
  return a.diagnostics(options).map((d) => ({
    code: d.code,
    severity: SEVERITY[d.severity],
    message: d.message,
    range: { start: a.lines.position(d.start), end: a.lines.position(d.end) },
  }));
}

/** The published diagnostics in the same shape. */
export const shape = (ds: Diagnostic[]) => ds.map((d) => ({ code: String(d.code), severity: d.severity!, message: d.message, range: d.range }));

/** Applies LSP edits to a text. */
export function applyLspEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'tcpflow', 0, text), edits);
}

/**
 * The built server with one document open, started before the tests of the
 * enclosing describe block; after them it must have logged no error and exit
 * cleanly. Returns the client (once started).
 */
export function serverWithDocument(uri: string, text: string): () => TestClient {
  let client: TestClient | undefined;
  before(async () => {
    client = TestClient.start();
    await client.initialize();
    await client.open(uri, text);
  });
  after(async () => {
    assert.deepEqual(client!.errors, [], 'the server logged no error');
    assert.equal(await client!.stop(), 0);
  });
  return () => client!;
}
