// The language server as an editor sees it: the built bundle, started as a
// process and driven over stdio with JSON-RPC.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest, CodeActionResolveRequest, CompletionRequest, DefinitionRequest, DocumentFormattingRequest, DocumentHighlightRequest,
  CodeLensRequest, DocumentSymbolRequest, FoldingRangeRequest, HoverRequest, InlayHintRequest, PrepareRenameRequest, ReferencesRequest, RenameRequest,
  SelectionRangeRequest, SemanticTokensRangeRequest, SemanticTokensRequest,
  type CodeAction, type CompletionItem, type DocumentSymbol, type MarkupContent, type SymbolInformation, type TextDocumentEdit, type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { analyze } from '../../server/src/language/analysis';
import { usesOf } from '../../server/src/language/check/names';
import { format } from '../../server/src/language/services/format';
import { semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES } from '../../server/src/language/services/semanticTokens';
import { TIMING_NOTIFICATION } from '../../server/src/lsp/publisher';
import { DiagramRequest, ExportTextRequest, StatesAtRequest } from '../../server/src/protocol';
import { EXAMPLES, flowFiles } from '../helpers';
import { applyEdits } from '../services/util';
import { applyLspEdits, BIN, CAPABILITIES, expectedDiagnostics, shape, TestClient, uriOf } from './client';

const files = flowFiles(EXAMPLES);
const exampleFile = (name: string) => files.find((f) => f.endsWith(`/${name}`))!;
const textDocument = (uri: string) => ({ textDocument: { uri } });

/** The edits of a workspace edit for one document. */
function editsOf(edit: WorkspaceEdit | undefined, uri: string) {
  const change = edit?.documentChanges?.find((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uri);
  return change ? change.edits.filter((e) => 'newText' in e) : edit?.changes?.[uri] ?? [];
}

describe('language server over stdio', () => {
  let client: TestClient;
  let scratch = 0;
  /** A new document with its own URI, opened, with its first diagnostics. */
  const openNew = async (text: string) => {
    const uri = `file:///tmp/tcpflow-test-${process.pid}-${scratch++}.tcpflow`;
    await client.open(uri, text);
    return { uri, diagnostics: await client.diagnosticsOfVersion(uri, 1) };
  };

  /** An example, opened under its file URI. */
  const openExample = async (name: string) => {
    const file = exampleFile(name);
    const uri = uriOf(file);
    const text = readFileSync(file, 'utf8');
    await client.open(uri, text);
    return { uri, text };
  };

  before(async () => {
    client = TestClient.start();
    await client.initialize();
  });

  after(async () => {
    assert.deepEqual(client.errors, [], 'the server logged no error');
    assert.equal(await client.stop(), 0, 'the server exits cleanly after shutdown');
  });

  it('announces every feature, with the semantic tokens legend', async () => {
    const c = TestClient.start();
    const r = await c.initialize();
    const caps = r.capabilities;
    for (const k of ['hoverProvider', 'completionProvider', 'codeActionProvider', 'definitionProvider', 'referencesProvider', 'documentHighlightProvider',
      'renameProvider', 'documentSymbolProvider', 'foldingRangeProvider', 'selectionRangeProvider', 'inlayHintProvider', 'codeLensProvider', 'semanticTokensProvider',
      'documentFormattingProvider', 'documentRangeFormattingProvider'] as const) assert.ok(caps[k], k);
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.deepEqual(caps.semanticTokensProvider?.legend, { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] });
    assert.equal(await c.stop(), 0);
  });

  it('publishes the checker\'s diagnostics for every example, with codes, ranges, links, related locations and fixes', async () => {
    for (const file of files) {
      const uri = uriOf(file);
      const text = readFileSync(file, 'utf8');
      await client.open(uri, text);
      const ds = await client.diagnosticsOfVersion(uri, 1);
      assert.deepEqual(shape(ds), expectedDiagnostics(text), file);
      const a = analyze(text);
      for (const [i, d] of ds.entries()) {
        const href = d.codeDescription!.href;
        assert.ok(href.endsWith(`docs/diagnostics.md#${String(d.code).toLowerCase()}`), href);
        assert.ok(existsSync(fileURLToPath(href.replace(/#.*/, ''))), `${href} exists`);
        assert.equal(d.source, 'tcpflow');
        const core = a.diagnostics()[i];
        assert.equal(d.relatedInformation?.length ?? 0, core.related?.length ?? 0);
        if (core.fixes?.length) assert.ok((d.data as { fixes: unknown[] }).fixes.length >= core.fixes.length, `${file}: ${d.code} carries its fixes`);
        assert.equal(d.tags?.includes(1) ?? false, d.code === 'TF106', `${d.code} tags`);
      }
      await client.close(uri);
    }
  });

  it('hovers a segment with both endpoints\' states and what the receiver did', async () => {
    const { uri } = await openExample('article-handshake-teardown.tcpflow');
    const h = await client.connection.sendRequest(HoverRequest.type, { ...textDocument(uri), position: { line: 4, character: 7 } });
    const value = (h!.contents as MarkupContent).value;
    assert.match(value, /`Client`: SYN_SENT → \*\*ESTABLISHED\*\*/);
    assert.match(value, /handshake: SYN\+ACK accepted/);
    assert.deepEqual(h!.range, { start: { line: 4, character: 0 }, end: { line: 4, character: 54 } });
    const state = await client.connection.sendRequest(HoverRequest.type, { ...textDocument(uri), position: { line: 10, character: 10 } });
    assert.match((state!.contents as MarkupContent).value, /\*\*TIME_WAIT\*\* \(RFC 9293 §3\.3\.2\)/);
    await client.close(uri);
  });

  it('completes, at the start of the line after a SYN, the SYN+ACK with the right ack', async () => {
    const { uri } = await openNew('Client -> Server : SYN seq=100\n');
    const items = (await client.connection.sendRequest(CompletionRequest.type, { ...textDocument(uri), position: { line: 1, character: 0 } })) as CompletionItem[];
    const first = [...items].sort((x, y) => x.sortText!.localeCompare(y.sortText!))[0];
    assert.equal(first.label, 'Server -> Client : SYN+ACK seq=300 ack=101');
    assert.equal(first.preselect, true);
    assert.deepEqual(first.textEdit, { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: first.label });
    const data = items.find((i) => i.label.includes('"data"'));
    if (data) assert.equal(data.insertTextFormat, 2, 'a payload is a snippet placeholder');
    await client.close(uri);
  });

  it('shows one state hint per line by default, every inferred value in the full detail, and follows the inlay hint settings', async () => {
    const text = 'Client -> Server : SYN seq=100\nServer -> Client : SYN+ACK seq=300\nClient -> Server : ACK\n';
    const { uri } = await openNew(text);
    const range = { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } };
    const ask = async () => (await client.connection.sendRequest(InlayHintRequest.type, { ...textDocument(uri), range }))!;
    assert.deepEqual((await ask()).map((h) => [h.position.line, h.label]), [[0, 'SYN_SENT │ SYN_RCVD'], [1, 'ESTABLISHED │ SYN_RCVD'], [2, 'ESTABLISHED │ ESTABLISHED']]);
    await client.configure({ inlayHints: { detail: 'full' } });
    const hints = await ask();
    const ack = hints.find((h) => h.label === 'ack=101')!;
    assert.deepEqual(ack.position, { line: 1, character: 34 });
    assert.deepEqual(ack.textEdits, [{ range: { start: ack.position, end: ack.position }, newText: ' ack=101' }]);
    assert.ok(hints.some((h) => h.label === '→ Server: ESTABLISHED'));
    await client.configure({ inlayHints: { detail: 'full', numbers: false } });
    const fewer = await ask();
    assert.ok(!fewer.some((h) => /^(seq|ack)=/.test(String(h.label))));
    assert.ok(fewer.some((h) => h.label === '→ Server: ESTABLISHED'));
    await client.configure({ inlayHints: { detail: 'verbose' } });
    assert.equal((await ask()).length, 3, 'an unknown detail falls back to compact');
    await client.configure({});
    await client.close(uri);
  });

  it('puts inferred initial states in a code lens above the first segment, a label with no command', async () => {
    const { uri } = await openExample('article-handshake-teardown.tcpflow');
    const lenses = (await client.connection.sendRequest(CodeLensRequest.type, textDocument(uri)))!;
    assert.deepEqual(lenses.map((l) => [l.range.start, l.command?.title, l.command?.command]), [[{ line: 3, character: 0 }, 'Client starts CLOSED │ Server starts LISTEN', '']]);
    await client.configure({ inlayHints: { initialStates: false } });
    assert.deepEqual(await client.connection.sendRequest(CodeLensRequest.type, textDocument(uri)), []);
    await client.configure({});
    await client.close(uri);
  });

  it('applies a quick fix from a diagnostic\'s data and re-checks clean', async () => {
    const { uri, text } = await openExample('errors/two-way-handshake.tcpflow');
    const ds = await client.diagnosticsOfVersion(uri, 1);
    const tf301 = ds.find((d) => d.code === 'TF301')!;
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, { ...textDocument(uri), range: tf301.range, context: { diagnostics: [tf301], only: ['quickfix'] } })) as CodeAction[];
    const fix = actions.find((a) => a.title.startsWith('Complete the handshake'))!;
    assert.deepEqual(fix.diagnostics, [tf301]);
    assert.equal(fix.isPreferred, true);
    const fixed = applyLspEdits(text, editsOf(fix.edit, uri));
    const version = await client.change(uri, [{ text: fixed }]);
    assert.deepEqual((await client.diagnosticsOfVersion(uri, version)).filter((d) => d.severity === 1), []);
    await client.close(uri);
  });

  it('fills in every inferred number through codeAction/resolve, and the file checks the same', async () => {
    const { uri, text } = await openExample('lost-data.tcpflow');
    const before = await client.diagnosticsOfVersion(uri, 1);
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, { ...textDocument(uri), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } })) as CodeAction[];
    const fill = actions.find((a) => a.title === 'Fill in all inferred numbers')!;
    assert.equal(fill.edit, undefined, 'made on resolve');
    const resolved = await client.connection.sendRequest(CodeActionResolveRequest.type, fill);
    const filled = applyLspEdits(text, editsOf(resolved.edit, uri));
    assert.notEqual(filled, text);
    const version = await client.change(uri, [{ text: filled }]);
    assert.deepEqual(shape(await client.diagnosticsOfVersion(uri, version)).map((d) => d.code), shape(before).map((d) => d.code));
    await client.close(uri);
  });

  it('renames an endpoint everywhere; finds its definition, references and highlights', async () => {
    const { uri, text } = await openExample('half-close.tcpflow');
    const use = { line: 8, character: 2 }; // `Client` in a segment
    const definition = await client.connection.sendRequest(DefinitionRequest.type, { ...textDocument(uri), position: use });
    assert.deepEqual(definition, { uri, range: { start: { line: 3, character: 9 }, end: { line: 3, character: 15 } } });
    const refs = (await client.connection.sendRequest(ReferencesRequest.type, { ...textDocument(uri), position: use, context: { includeDeclaration: true } }))!;
    const a = analyze(text);
    assert.equal(refs.length, usesOf(a.file, a.result.endpoints[0]));
    const noDecl = (await client.connection.sendRequest(ReferencesRequest.type, { ...textDocument(uri), position: use, context: { includeDeclaration: false } }))!;
    assert.equal(noDecl.length, refs.length - 1);
    const highlights = (await client.connection.sendRequest(DocumentHighlightRequest.type, { ...textDocument(uri), position: use }))!;
    assert.equal(highlights.length, refs.length);
    const prepared = await client.connection.sendRequest(PrepareRenameRequest.type, { ...textDocument(uri), position: use });
    assert.deepEqual(prepared, { range: { start: { line: 8, character: 0 }, end: { line: 8, character: 6 } }, placeholder: 'Client' });
    await assert.rejects(client.connection.sendRequest(RenameRequest.type, { ...textDocument(uri), position: use, newName: 'Server' }), /already used/);
    const edit = await client.connection.sendRequest(RenameRequest.type, { ...textDocument(uri), position: use, newName: 'Laptop' });
    const renamed = applyLspEdits(text, editsOf(edit!, uri));
    assert.equal(renamed.match(/\bLaptop\b/g)!.length, refs.length);
    assert.ok(!/\bClient\b/.test(renamed.replace(/^#.*$/gm, '')));
    const version = await client.change(uri, [{ text: renamed }]);
    assert.deepEqual(shape(await client.diagnosticsOfVersion(uri, version)), expectedDiagnostics(renamed));
    await client.close(uri);
  });

  it('outlines by phase, folds, and expands selections', async () => {
    const { uri } = await openExample('simultaneous-close.tcpflow');
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, textDocument(uri))) as DocumentSymbol[];
    assert.deepEqual(symbols.filter((s) => s.kind === 3).map((s) => s.name), ['Handshake', 'Teardown']);
    const teardown = symbols.find((s) => s.name === 'Teardown')!;
    assert.equal(teardown.children![0].name, 'simultaneous');
    assert.equal(teardown.children![0].children!.length, 2);
    const folds = (await client.connection.sendRequest(FoldingRangeRequest.type, textDocument(uri)))!;
    assert.ok(folds.some((f) => f.startLine === 8 && f.endLine === 10 && f.kind === 'region'), JSON.stringify(folds));
    assert.ok(folds.some((f) => f.startLine === 0 && f.kind === 'comment'));
    const [sel] = (await client.connection.sendRequest(SelectionRangeRequest.type, { ...textDocument(uri), positions: [{ line: 9, character: 12 }] }))!;
    const chain = [];
    for (let s: typeof sel | undefined = sel; s; s = s.parent) chain.push(s.range);
    assert.ok(chain.length >= 5);
    assert.deepEqual(chain.at(-1)!.start, { line: 0, character: 0 });
    await client.close(uri);
  });

  it('sends semantic tokens in LSP\'s relative encoding, whole and by range', async () => {
    const { uri, text } = await openExample('http-request.tcpflow');
    const { data } = (await client.connection.sendRequest(SemanticTokensRequest.type, textDocument(uri)))!;
    const a = analyze(text);
    const expected = semanticTokens(a);
    assert.equal(data.length, expected.length * 5);
    let line = 0;
    let char = 0;
    for (let i = 0; i < expected.length; i++) {
      line += data[i * 5];
      char = data[i * 5] === 0 ? char + data[i * 5 + 1] : data[i * 5 + 1];
      assert.deepEqual({ line, character: char }, a.lines.position(expected[i].start));
      assert.equal(data[i * 5 + 2], expected[i].end - expected[i].start);
      assert.equal(data[i * 5 + 3], expected[i].type);
    }
    const ranged = (await client.connection.sendRequest(SemanticTokensRangeRequest.type, { ...textDocument(uri), range: { start: { line: 6, character: 0 }, end: { line: 7, character: 0 } } }))!;
    assert.ok(ranged.data.length > 0 && ranged.data.length < data.length);
    await client.close(uri);
  });

  it('formats a document with the editor\'s indentation', async () => {
    const text = 'simultaneous {\nA  ->  B :  syn  seq=1\nBob -> A : SYN seq=2\n}\n';
    const { uri } = await openNew(text);
    const edits = (await client.connection.sendRequest(DocumentFormattingRequest.type, { ...textDocument(uri), options: { tabSize: 4, insertSpaces: true } }))!;
    const formatted = applyLspEdits(text, edits);
    assert.equal(formatted, applyEdits(text, format(analyze(text), { indent: '    ' })));
    assert.equal(formatted.split('\n')[1], '    A   -> B : SYN seq=1');
    await client.close(uri);
  });

  it('re-publishes diagnostics when the settings change (strict, severity per code)', async () => {
    const { uri, text } = await openExample('article-handshake-teardown.tcpflow');
    assert.deepEqual(await client.diagnosticsOfVersion(uri, 1), []);
    client.forget(uri);
    await client.configure({ strict: true });
    const strict = await client.diagnosticsFor(uri);
    assert.deepEqual(shape(strict), expectedDiagnostics(text, { strict: true }));
    assert.ok(strict.some((d) => d.code === 'TF308'));
    assert.ok(client.configurationRequests.includes(uri), 'asked with workspace/configuration for the document');
    client.forget(uri);
    await client.configure({ strict: true, diagnostics: { severity: { TF308: 'off', tf407: 'error', TF999: 'error', TF405: 'loud' } } });
    assert.deepEqual(shape(await client.diagnosticsFor(uri)), expectedDiagnostics(text, { strict: true, severity: { TF308: 'off', TF407: 'error' } }));
    await client.configure({});
    await client.close(uri);
  });

  it('serves a plainer client: settings from initialization options and pushes, a flat outline, edits without versions', async () => {
    const c = TestClient.start();
    await c.initialize({ tcpflow: { strict: true } }, {
      workspace: { ...CAPABILITIES.workspace, configuration: false, workspaceEdit: {} },
      textDocument: { ...CAPABILITIES.textDocument, documentSymbol: {}, codeAction: {} },
    });
    const file = exampleFile('article-handshake-teardown.tcpflow');
    const uri = uriOf(file);
    const text = readFileSync(file, 'utf8');
    await c.open(uri, text);
    assert.deepEqual(shape(await c.diagnosticsOfVersion(uri, 1)), expectedDiagnostics(text, { strict: true }));
    c.forget(uri);
    await c.configure({ diagnostics: { severity: { TF308: 'error' } } });
    assert.deepEqual(shape(await c.diagnosticsFor(uri)), expectedDiagnostics(text, { severity: { TF308: 'error' } }));
    assert.deepEqual(c.configurationRequests, []);
    const flat = (await c.connection.sendRequest(DocumentSymbolRequest.type, textDocument(uri))) as SymbolInformation[];
    assert.ok(flat.every((x) => 'location' in x));
    assert.ok(flat.some((x) => x.containerName === 'Handshake'));
    const actions = (await c.connection.sendRequest(CodeActionRequest.type, { ...textDocument(uri), range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, context: { diagnostics: [] } })) as CodeAction[];
    const fill = actions.find((x) => x.title === 'Fill in all inferred numbers')!;
    assert.ok(fill.edit?.changes?.[uri]?.length, 'made at once for a client that cannot resolve');
    assert.equal(await c.stop(), 0);
  });

  it('clears a document\'s diagnostics when it closes', async () => {
    const { uri, diagnostics } = await openNew('A -> B : SYN seq=1\nA -> B : PSH "x"\n');
    assert.ok(diagnostics.length > 0);
    client.forget(uri);
    await client.close(uri);
    assert.deepEqual(await client.diagnosticsFor(uri), []);
  });

  it('answers the custom requests: states at a line, the diagram, the text exports', async () => {
    const { uri } = await openExample('http-request.tcpflow');
    assert.deepEqual(await client.connection.sendRequest(StatesAtRequest, { uri, line: 6 }), { endpoints: [{ name: 'Client', state: 'SYN_SENT' }, { name: 'Server', state: 'SYN_RCVD' }] });
    assert.deepEqual(await client.connection.sendRequest(StatesAtRequest, { uri, line: 0 }), { endpoints: [{ name: 'Client', state: 'CLOSED' }, { name: 'Server', state: 'LISTEN' }] });
    const diagram = (await client.connection.sendRequest(DiagramRequest, { uri, options: { chunkSize: 5 } }))!;
    assert.equal(diagram.version, 1);
    assert.equal(diagram.title, 'HTTP request over a fresh connection');
    assert.match(diagram.mermaid, /^sequenceDiagram/m);
    assert.ok(diagram.chunks.length > 1);
    assert.ok(diagram.elements.some((e) => e.kind === 'arrow' && e.line === 7));
    assert.deepEqual(diagram.syntaxErrors, []);
    const md = (await client.connection.sendRequest(ExportTextRequest, { uri, format: 'md' }))!;
    assert.match(md, /```mermaid/);
    const mmd = (await client.connection.sendRequest(ExportTextRequest, { uri, format: 'mmd' }))!;
    assert.equal(mmd, diagram.mermaid);
    assert.equal(await client.connection.sendRequest(StatesAtRequest, { uri: 'file:///not/open.tcpflow', line: 0 }), null);
    const broken = await openNew('title "x"\nA -> B : SYNN\n');
    const d2 = (await client.connection.sendRequest(DiagramRequest, { uri: broken.uri }))!;
    assert.deepEqual(d2.syntaxErrors.map((e) => e.line), [1]);
    await client.close(uri);
    await client.close(broken.uri);
  });

  it('answers requests on unknown documents and absurd positions without failing', async () => {
    const unknown = textDocument('file:///nowhere.tcpflow');
    assert.equal(await client.connection.sendRequest(HoverRequest.type, { ...unknown, position: { line: 0, character: 0 } }), null);
    assert.deepEqual(await client.connection.sendRequest(CompletionRequest.type, { ...unknown, position: { line: 0, character: 0 } }), []);
    const { uri } = await openNew('A -> B : SYN\n');
    for (const position of [{ line: 999, character: 0 }, { line: 0, character: 999 }, { line: 0, character: 0 }]) {
      await client.connection.sendRequest(HoverRequest.type, { ...textDocument(uri), position });
      await client.connection.sendRequest(CompletionRequest.type, { ...textDocument(uri), position });
      await client.connection.sendRequest(SelectionRangeRequest.type, { ...textDocument(uri), positions: [position] });
    }
    await client.close(uri);
  });

  it('runs as `tcpflow lsp --stdio` too', async () => {
    const c = TestClient.start([BIN, 'lsp', '--stdio']);
    await c.initialize({ timing: true });
    const file = exampleFile('errors/data-after-fin.tcpflow');
    const uri = uriOf(file);
    const text = readFileSync(file, 'utf8');
    const timing = new Promise<{ analyzeMs: number }>((resolve) => c.connection.onNotification(TIMING_NOTIFICATION, resolve));
    await c.open(uri, text);
    assert.deepEqual(shape(await c.diagnosticsOfVersion(uri, 1)), expectedDiagnostics(text));
    assert.ok((await timing).analyzeMs >= 0);
    assert.deepEqual(c.errors, []);
    assert.equal(await c.stop(), 0);
  });
});
