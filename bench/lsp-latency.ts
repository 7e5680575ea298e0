// Latency through the real language server (dist/server.js over stdio): a
// keystroke (one incremental edit) until its publishDiagnostics arrives, with
// the server's own time for that version ($/tcpflow/timing), on generated
// flows of 1k, 10k and 100k lines; hover and completion right after a
// keystroke at 10k lines; and the semantic tokens of a whole 100k-line flow. Each row runs twice in the same run: the server as
// shipped (the next version's analysis made from the previous one) and, as the
// baseline, the same server analysing every version afresh. Keystrokes are
// spaced out so that each is checked on its own (a burst of edits is
// coalesced: at most one check per 40 ms).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  CompletionRequest, createProtocolConnection, HoverRequest, SemanticTokensRequest, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, ExitNotification,
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

  /** `full`: the baseline server, which analyses every version afresh. */
  constructor(private readonly full: boolean) {
    this.c = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.c.onNotification(PublishDiagnosticsNotification.type, (p) => this.published.get(p.version ?? -1)?.());
    this.c.onNotification(TIMING_NOTIFICATION, (t: Timing) => this.timed.get(t.version)?.(t));
    this.c.listen();
  }

  private publishedFor(version: number): Promise<void> {
    return new Promise((resolve) => this.published.set(version, resolve));
  }

  async open(text: string): Promise<void> {
    await this.c.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { timing: true, fullAnalysis: this.full } });
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

  /** Hover on the sender's name of `line`. */
  async hover(line: number): Promise<number> {
    const t0 = performance.now();
    await this.c.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line, character: this.lines[line].indexOf('->') - 2 } });
    return performance.now() - t0;
  }

  /** The semantic tokens of the whole document. */
  async semanticTokens(): Promise<number> {
    const t0 = performance.now();
    await this.c.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: URI } });
    return performance.now() - t0;
  }

  async close(): Promise<void> {
    await this.c.sendRequest(ShutdownRequest.type);
    await this.c.sendNotification(ExitNotification.type);
    this.c.dispose();
  }
}

interface Latency {
  trips: number[];
  server: number[];
  convert: number[];
}

async function keystrokes(text: string, lines: number, samples: number, full: boolean): Promise<Latency> {
  const s = new Session(full);
  await s.open(text);
  const line = Math.floor(lines / 2);
  await s.keystroke(line, ' #');
  const out: Latency = { trips: [], server: [], convert: [] };
  for (let i = 0; i < samples; i++) {
    const r = await s.keystroke(line, String.fromCharCode(97 + (i % 26)));
    out.trips.push(r.ms);
    out.server.push(r.serverMs);
    out.convert.push(r.convertMs);
    await sleep(50);
  }
  await s.close();
  return out;
}

const p50p95 = (xs: number[]) => `p50 ${ms(percentile(xs, 50))}  p95 ${ms(percentile(xs, 95))}`;

async function keystrokeRows(lines: number, samples: number, goal: string): Promise<void> {
  const text = flowOfLines(lines);
  const ours = await keystrokes(text, lines, samples, false);
  const base = await keystrokes(text, lines, samples, true);
  console.log(`  ${lines.toLocaleString('en').padStart(7)} lines  ${goal}`);
  console.log(`    server time   incremental ${p50p95(ours.server)}   full analysis ${p50p95(base.server)}  (LSP conversion p50 ${ms(percentile(ours.convert, 50))})`);
  console.log(`    round trip    incremental ${p50p95(ours.trips)}   full analysis ${p50p95(base.trips)}`);
}

async function requestsAfterKeystroke(lines: number, samples: number, full: boolean): Promise<{ hover: number[]; completion: number[]; cached: number[] }> {
  const s = new Session(full);
  const text = flowOfLines(lines).replace(/\n/, '\n\n');
  await s.open(text);
  const out = { hover: [] as number[], completion: [] as number[], cached: [] as number[] };
  const comment = Math.floor(lines / 2);
  const segmentLine = comment + 1;
  await s.keystroke(comment, ' #');
  for (let i = 0; i < samples; i++) {
    // Right after a keystroke (the new version is analysed first), then again on the same version.
    let edit = s.keystroke(comment, 'x');
    out.completion.push(await s.completion(1));
    out.cached.push(await s.completion(1));
    await edit;
    await sleep(50);
    edit = s.keystroke(comment, 'y');
    out.hover.push(await s.hover(segmentLine));
    await edit;
    await sleep(50);
  }
  await s.close();
  return out;
}

async function requestRows(lines: number, samples: number): Promise<void> {
  const ours = await requestsAfterKeystroke(lines, samples, false);
  const base = await requestsAfterKeystroke(lines, samples, true);
  console.log(`  right after a keystroke, ${lines.toLocaleString('en')} lines  (goal: < 30 ms)`);
  console.log(`    hover                 incremental ${p50p95(ours.hover)}   full analysis ${p50p95(base.hover)}`);
  console.log(`    completion            incremental ${p50p95(ours.completion)}   full analysis ${p50p95(base.completion)}`);
  console.log(`    completion, same version again    ${p50p95(ours.cached)}`);
}

/** Whole-document semantic tokens (what an editor asks for on opening), against a fresh analysis of the same document in the same server. */
async function semanticTokenRows(lines: number, samples: number): Promise<void> {
  const text = flowOfLines(lines);
  const base = await keystrokes(text, lines, samples, true);
  const s = new Session(false);
  await s.open(text);
  const tokens: number[] = [];
  for (let i = 0; i < samples; i++) tokens.push(await s.semanticTokens());
  await s.close();
  const analysis = percentile(base.server, 50);
  const p50 = percentile(tokens, 50);
  console.log(`  semantic tokens of the whole flow, ${lines.toLocaleString('en')} lines: ${p50p95(tokens)}, ${(p50 / analysis).toFixed(2)}× a fresh analysis of it (p50 ${ms(analysis)})`);
}

export async function lspLatency(): Promise<void> {
  console.log('\nLanguage server latency (node dist/server.js --stdio), keystroke → publishDiagnostics, against the same server analysing every version afresh:');
  await keystrokeRows(1_000, 60, '');
  await keystrokeRows(10_000, 60, '(goal: server < 20 ms, round trip < 40 ms)');
  await keystrokeRows(100_000, 24, '(goal: < 150 ms)');
  await requestRows(10_000, 30);
  await semanticTokenRows(100_000, 12);
}
