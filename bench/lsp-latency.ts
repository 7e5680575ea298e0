// Latency through the real language server (dist/server.js over stdio): a
// keystroke (one incremental edit) until its publishDiagnostics arrives, with
// the server's own time for that version ($/tcpflow/timing), on generated
// flows of 1k, 10k and 100k lines; and completion at the start of a line at
// 10k lines. Keystrokes are spaced out so that each is checked on its own (a
// burst of edits is coalesced: at most one check per 40 ms).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  CompletionRequest, createProtocolConnection, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, ExitNotification,
  InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, ShutdownRequest, StreamMessageReader, StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { TIMING_NOTIFICATION, type TimingParams as Timing } from '../server/src/lsp/publisher';
import { generateFlow } from './generate';

const SERVER = join(__dirname, '..', 'dist', 'server.js');
const URI = 'file:///bench/latency.tcpflow';

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (n: number) => `${n.toFixed(1).padStart(7)} ms`;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

/** A flow of about `lines` lines (the generator takes a size in bytes). */
function flowOfLines(lines: number): string {
  const sample = generateFlow(200_000);
  const perLine = sample.length / sample.split('\n').length;
  return generateFlow(Math.round(lines * perLine));
}

class Session {
  private readonly c: ProtocolConnection;
  private readonly child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  private readonly published = new Map<number, () => void>();
  private readonly timed = new Map<number, (t: Timing) => void>();
  private version = 1;
  private lines: string[] = [];

  constructor() {
    this.c = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.c.onNotification(PublishDiagnosticsNotification.type, (p) => this.published.get(p.version ?? -1)?.());
    this.c.onNotification(TIMING_NOTIFICATION, (t: Timing) => this.timed.get(t.version)?.(t));
    this.c.listen();
  }

  private publishedFor(version: number): Promise<void> {
    return new Promise((resolve) => this.published.set(version, resolve));
  }

  async open(text: string): Promise<void> {
    await this.c.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { timing: true } });
    await this.c.sendNotification(InitializedNotification.type, {});
    this.lines = text.split('\n');
    const first = this.publishedFor(1);
    await this.c.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'tcpflow', version: 1, text } });
    await first;
  }

  /**
   * Types one character at the end of `line` (a comment there keeps the flow as
   * it was); returns the round trip and the server's time for that version.
   */
  async keystroke(line: number, ch: string): Promise<{ ms: number; serverMs: number; convertMs: number }> {
    const version = ++this.version;
    const character = this.lines[line].length;
    this.lines[line] += ch;
    const done = this.publishedFor(version);
    const timing = new Promise<Timing>((resolve) => this.timed.set(version, resolve));
    const t0 = performance.now();
    await this.c.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: URI, version },
      contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: ch }],
    });
    await done;
    const trip = performance.now() - t0;
    const t = await timing;
    return { ms: trip, serverMs: t.analyzeMs + t.diagnosticsMs, convertMs: t.diagnosticsMs };
  }

  async completion(line: number): Promise<number> {
    const t0 = performance.now();
    await this.c.sendRequest(CompletionRequest.type, { textDocument: { uri: URI }, position: { line, character: 0 } });
    return performance.now() - t0;
  }

  async close(): Promise<void> {
    await this.c.sendRequest(ShutdownRequest.type);
    await this.c.sendNotification(ExitNotification.type);
    this.c.dispose();
  }
}

async function keystrokes(lines: number, samples: number): Promise<void> {
  const s = new Session();
  await s.open(flowOfLines(lines));
  const line = Math.floor(lines / 2);
  await s.keystroke(line, ' #');
  const trips: number[] = [];
  const server: number[] = [];
  const convert: number[] = [];
  for (let i = 0; i < samples; i++) {
    const r = await s.keystroke(line, String.fromCharCode(97 + (i % 26)));
    trips.push(r.ms);
    server.push(r.serverMs);
    convert.push(r.convertMs);
    await sleep(50);
  }
  await s.close();
  const target = lines === 10_000 ? '  (target: p95 < 20 ms)' : '';
  console.log(`  ${lines.toLocaleString('en').padStart(7)} lines  round trip p50 ${ms(percentile(trips, 50))}  p95 ${ms(percentile(trips, 95))}   server p50 ${ms(percentile(server, 50))}  p95 ${ms(percentile(server, 95))}  (of which LSP conversion p50 ${ms(percentile(convert, 50))})${target}`);
}

async function completions(lines: number, samples: number): Promise<void> {
  const s = new Session();
  const text = flowOfLines(lines).replace(/\n/, '\n\n');
  await s.open(text);
  const afterEdit: number[] = [];
  const cached: number[] = [];
  const comment = Math.floor(lines / 2);
  await s.keystroke(comment, ' #');
  for (let i = 0; i < samples; i++) {
    // Right after a keystroke (the new version is checked first), then again on the same version.
    const edit = s.keystroke(comment, 'x');
    afterEdit.push(await s.completion(1));
    cached.push(await s.completion(1));
    await edit;
    await sleep(50);
  }
  await s.close();
  console.log(`  completion at the start of a line, ${lines.toLocaleString('en')} lines:`);
  console.log(`    right after a keystroke  p50 ${ms(percentile(afterEdit, 50))}  p95 ${ms(percentile(afterEdit, 95))}`);
  console.log(`    same version again       p50 ${ms(percentile(cached, 50))}  p95 ${ms(percentile(cached, 95))}`);
}

export async function lspLatency(): Promise<void> {
  console.log('\nLanguage server latency (node dist/server.js --stdio), keystroke → publishDiagnostics:');
  await keystrokes(1_000, 60);
  await keystrokes(10_000, 60);
  await keystrokes(100_000, 12);
  await completions(10_000, 40);
}
