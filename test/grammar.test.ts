// The TextMate grammar (syntaxes/tcpflow.tmLanguage.json), run through the
// same engine VS Code uses (vscode-textmate + the oniguruma wasm):
// - every example under examples/ and every flow of the spec's section 2
//   tokenises without an `invalid` scope and with every visible character
//   inside a real scope (files under an `errors/` folder may hold invalid
//   tokens on purpose);
// - specific tokens get the scopes themes colour (flags, flag calls, fields,
//   states in every spelling, arrows, comments, strings, timestamps, events);
// - deliberately wrong lines are marked `invalid`;
// - every snippet body, with its tab stops replaced by their defaults, is a
//   clean flow for the grammar.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { prerequisite } from './helpers';

const ROOT = path.resolve(__dirname, '..');
const GRAMMAR_PATH = path.join(ROOT, 'syntaxes', 'tcpflow.tmLanguage.json');
const SNIPPETS_PATH = path.join(ROOT, 'snippets', 'tcpflow.json');
const EXAMPLES_DIR = path.join(ROOT, 'examples');
const WASM_PATH = path.join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm');
/** Where the language spec may be found: beside the repository (shared/) or copied into docs/. */
const SPEC_CANDIDATES = [
  path.join(ROOT, '..', 'shared', 'tcpflow-language.md'),
  path.join(ROOT, 'docs', 'tcpflow-language.md'),
];
const SCOPE = 'source.tcpflow';

// ---------------------------------------------------------------- engine

let grammarPromise: Promise<vsctm.IGrammar> | undefined;

function loadGrammar(): Promise<vsctm.IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = readFileSync(WASM_PATH);
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) =>
        scopeName === SCOPE ? vsctm.parseRawGrammar(readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH) : null,
    });
    const grammar = await registry.loadGrammar(SCOPE);
    if (!grammar) throw new Error(`grammar ${SCOPE} did not load from ${GRAMMAR_PATH}`);
    return grammar;
  })();
  return grammarPromise;
}

interface Token {
  start: number;
  end: number;
  scopes: string[];
}

interface Line {
  text: string;
  tokens: Token[];
}

interface Doc {
  lines: Line[];
  /** True when the rule stack is back at the top level after the last line (no open block). */
  closed: boolean;
}

async function tokenize(text: string): Promise<Doc> {
  const grammar = await loadGrammar();
  let stack = vsctm.INITIAL;
  const lines: Line[] = [];
  for (const lineText of text.split(/\r?\n/)) {
    const r = grammar.tokenizeLine(lineText, stack);
    lines.push({
      text: lineText,
      tokens: r.tokens.map((t) => ({ start: t.startIndex, end: Math.min(t.endIndex, lineText.length), scopes: t.scopes })),
    });
    stack = r.ruleStack;
  }
  // A probe line after the document: at the top level it is a plain assertion.
  const probe = grammar.tokenizeLine('Probe: CLOSED', stack);
  const closed = probe.tokens.every((t) => !t.scopes.some((s) => s.startsWith('meta.block.')));
  return { lines, closed };
}

/** The scopes of the character at `col`, or [] past the end of the line. */
function scopesAt(line: Line, col: number): string[] {
  const t = line.tokens.find((tok) => tok.start <= col && col < tok.end);
  return t ? t.scopes : [];
}

function describeLine(line: Line): string {
  return line.tokens
    .map((t) => `${JSON.stringify(line.text.slice(t.start, t.end))} ${t.scopes.slice(1).join(' ')}`)
    .join('\n    ');
}

/** Every `invalid.*` token, as `line:col text (scope)`. */
function invalidTokens(doc: Doc): string[] {
  const out: string[] = [];
  doc.lines.forEach((line, i) => {
    for (const t of line.tokens) {
      const bad = t.scopes.find((s) => s.startsWith('invalid'));
      if (bad && t.end > t.start) out.push(`${i + 1}:${t.start + 1} ${JSON.stringify(line.text.slice(t.start, t.end))} (${bad}) in ${JSON.stringify(line.text)}`);
    }
  });
  return out;
}

/** Visible characters that got no scope of their own (only the root and meta scopes). */
function uncovered(doc: Doc): string[] {
  const out: string[] = [];
  doc.lines.forEach((line, i) => {
    for (let c = 0; c < line.text.length; c++) {
      if (/\s/.test(line.text[c]!)) continue;
      const own = scopesAt(line, c).filter((s) => s !== SCOPE && !s.startsWith('meta.'));
      if (own.length === 0) out.push(`${i + 1}:${c + 1} ${JSON.stringify(line.text[c])} in ${JSON.stringify(line.text)}`);
    }
  });
  return out;
}

/** A well-formed flow: nothing invalid, every visible character scoped, no block left open. */
async function assertClean(text: string, what: string): Promise<void> {
  const doc = await tokenize(text);
  assert.deepEqual(invalidTokens(doc), [], `${what}: invalid tokens`);
  assert.deepEqual(uncovered(doc), [], `${what}: characters without a scope`);
  assert.ok(doc.closed, `${what}: a simultaneous block is left open at the end`);
}

interface Expect {
  /** The text (one or more lines); the needle is looked up in line `line` (0-based, default: last line). */
  src: string;
  line?: number;
  needle: string;
  /** Which occurrence of the needle on that line (0-based). */
  nth?: number;
  scope: string;
  /** Scopes that must not be on the needle. */
  not?: string[];
  /** Skip the check that the scope stops at the needle's edges (for meta scopes spanning more). */
  inside?: boolean;
}

/** The needle carries `scope` on every character, and is exactly one run of it (its neighbours lack it). */
async function expectScope(e: Expect): Promise<void> {
  const doc = await tokenize(e.src);
  const idx = e.line ?? doc.lines.length - 1;
  const line = doc.lines[idx];
  assert.ok(line, `no line ${idx} in ${JSON.stringify(e.src)}`);
  let at = -1;
  for (let n = 0; n <= (e.nth ?? 0); n++) {
    at = line.text.indexOf(e.needle, at + 1);
    assert.ok(at >= 0, `needle ${JSON.stringify(e.needle)} #${e.nth ?? 0} not in ${JSON.stringify(line.text)}`);
  }
  const end = at + e.needle.length;
  const where = `${JSON.stringify(e.needle)} in ${JSON.stringify(line.text)}; tokens:\n    ${describeLine(line)}`;
  for (let c = at; c < end; c++) {
    const scopes = scopesAt(line, c);
    assert.ok(scopes.includes(e.scope), `expected ${e.scope} on column ${c + 1} of ${where}`);
    for (const no of e.not ?? []) assert.ok(!scopes.includes(no), `unexpected ${no} on column ${c + 1} of ${where}`);
  }
  if (e.inside) return;
  if (at > 0) assert.ok(!scopesAt(line, at - 1).includes(e.scope), `${e.scope} starts before ${where}`);
  if (end < line.text.length) assert.ok(!scopesAt(line, end).includes(e.scope), `${e.scope} runs past ${where}`);
}

// ---------------------------------------------------------------- sources

function findFlows(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findFlows(p));
    else if (name.endsWith('.tcpflow')) out.push(p);
  }
  return out;
}

/** The fenced code blocks of section 2 of the spec. */
function specSection2Blocks(markdown: string): string[] {
  const start = markdown.search(/^## 2\b/m);
  if (start < 0) return [];
  const rest = markdown.slice(start + 1);
  const next = rest.search(/^## /m);
  const section = next < 0 ? rest : rest.slice(0, next);
  return [...section.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
}

/** The two flows of spec section 2, kept here so the test runs without the spec beside the repo. */
const SPEC_ARTICLE = `title "Three-way handshake and four-way teardown"
Client -> Server: SYN(ISN_Client)
Server -> Client: SYN(ISN_Server), ACK(ISN_Client + 1)
Client -> Server: ACK(ISN_Server + 1)
Client -> Server: FIN
Server -> Client: ACK(FIN + 1)
Server -> Client: FIN
Client -> Server: ACK(FIN + 1)
Client: TIME_WAIT          # a state assertion
Client: wait 2MSL`;

const SPEC_EXPLICIT = `endpoint Client "10.0.0.1:40000"
endpoint Server "10.0.0.2:80" LISTEN
Client -> Server : SYN seq=100 mss=1460
Server -> Client : SYN+ACK seq=300 ack=101
Client -> Server : ACK seq=101 ack=301
Client -> Server : PSH+ACK seq=101 ack=301 "GET / HTTP/1.1"
Client -x Server : FIN+ACK seq=115 ack=301      # lost`;

/** Every statement form and item of the language, each written as the spec allows. */
const EVERY_FORM = `// every statement form
TITLE "Simultaneous open, data with a \\"quoted\\" word, and a lost FIN"
endpoint A "10.0.0.1:1000" CLOSED   # initial state given
Endpoint B
note A, B "both sides open at once (RFC 9293 figure 8)"
note A "only A"
simultaneous {
  0.000 A -> B : SYN seq=0x64 win=65535 mss=1460 wscale=7
  0.001 B -> A : SYN seq=300
}
Simultaneous{   // brace glued to the keyword
  A -> B : SYN|ACK seq=100 ack=SYN+1
  B -> A : syn,ack seq=300 ack=SYN+1
}
A: ESTABLISHED
B : established
0.2 A -> B : PSH ACK seq=101 ack=301 len=5 "hello"
0.25 B -> A : ACK(101 + 5) seq=301 ts=12345
A -x B : FIN(106) ACK(301)
A -X B : FIN+ACK seq=106 ack=301   # retransmission, arrow spelled -X
old B -> A : SYN seq=90
0.3 old B -> A : RST seq=0
B -> A : URG+ECE+CWR ack=FIN+1 seq=ISN_B-0
B: close
B: timeout
B: listen
A: TIME-WAIT
A: WAIT 2msl`;

// ---------------------------------------------------------------- snippets

/**
 * Expands a VS Code snippet body the way a user who accepts every default
 * would see it: `${1:text}` → text (nested placeholders expanded), `${1|a,b|}`
 * → a, `$1` / `${1}` → the default given to 1 elsewhere, `$0` → nothing,
 * `\$ \} \\` → the character.
 */
function expandSnippet(body: string): string {
  const defaults = new Map<string, string>();
  // Innermost placeholders first (their text holds no `$`, `{` or `}`), until none is left.
  const placeholder = /\$\{(\d+):((?:[^${}\\]|\\.)*)\}/;
  const choice = /\$\{(\d+)\|((?:[^|\\]|\\.)*?)\|\}/;
  let text = body;
  for (;;) {
    const p = placeholder.exec(text);
    const c = choice.exec(text);
    const m = p ?? c;
    if (!m) break;
    const value = m === p ? m[2]! : m[2]!.split(',')[0]!;
    if (!defaults.has(m[1]!)) defaults.set(m[1]!, value);
    text = text.slice(0, m.index) + value + text.slice(m.index + m[0].length);
  }
  // Mirrors (`$1`, `${1}`) show the default of their placeholder; `$0` is the final cursor.
  text = text.replace(/\$\{(\d+)\}|\$(\d+)/g, (_all, a: string | undefined, b: string | undefined) => defaults.get((a ?? b)!) ?? '');
  return text.replace(/\\([$}\\])/g, '$1');
}

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

function loadSnippets(): Record<string, Snippet> {
  return JSON.parse(readFileSync(SNIPPETS_PATH, 'utf8')) as Record<string, Snippet>;
}

// ---------------------------------------------------------------- tests

describe('tcpflow grammar: whole flows', () => {
  test('the grammar file is valid JSON with the right scope name', () => {
    const raw = JSON.parse(readFileSync(GRAMMAR_PATH, 'utf8')) as { scopeName?: string };
    assert.equal(raw.scopeName, SCOPE);
  });

  test('spec section 2, article notation (inline copy)', () => assertClean(SPEC_ARTICLE, 'article flow'));
  test('spec section 2, explicit style (inline copy)', () => assertClean(SPEC_EXPLICIT, 'explicit flow'));
  test('every statement form', () => assertClean(EVERY_FORM, 'every-form fixture'));

  const spec = SPEC_CANDIDATES.find((p) => existsSync(p));
  test('spec section 2 code blocks, read from the spec', async (t) => {
    if (!prerequisite(t, spec ? false : `the spec is not beside the repository (${SPEC_CANDIDATES.join(' or ')})`)) return;
    const blocks = specSection2Blocks(readFileSync(spec!, 'utf8'));
    assert.ok(blocks.length >= 2, `expected the two flows of section 2 in ${spec}, found ${blocks.length}`);
    for (const [i, block] of blocks.entries()) await assertClean(block, `${spec} section 2 block ${i + 1}`);
  });

  const examples = findFlows(EXAMPLES_DIR);
  test(`examples/: ${examples.length} .tcpflow file(s) found`, () => {
    // Nothing to assert when the folder is still empty; each file gets its own test below.
    assert.ok(examples.every((f) => f.endsWith('.tcpflow')));
  });
  for (const file of examples) {
    const rel = path.relative(ROOT, file);
    const onPurpose = rel.split(path.sep).includes('errors');
    test(`${rel}${onPurpose ? ' (error example: invalid tokens allowed)' : ''}`, async () => {
      const text = readFileSync(file, 'utf8');
      if (onPurpose) {
        // Wrong on purpose: invalid tokens are fine, but every character still gets a scope.
        assert.deepEqual(uncovered(await tokenize(text)), [], `${rel}: characters without a scope`);
        return;
      }
      await assertClean(text, rel);
    });
  }
});

describe('tcpflow grammar: scopes of specific tokens', () => {
  const cases: Expect[] = [
    // flags
    { src: 'Server -> Client : SYN+ACK seq=300 ack=101', needle: 'SYN', scope: 'constant.language.flag.tcpflow' },
    { src: 'Server -> Client : SYN+ACK seq=300 ack=101', needle: 'ACK', scope: 'constant.language.flag.tcpflow' },
    { src: 'Server -> Client : SYN+ACK seq=300 ack=101', needle: '+', scope: 'punctuation.separator.item.tcpflow' },
    { src: 'Server -> Client : syn|ack', needle: 'ack', scope: 'constant.language.flag.tcpflow' },
    { src: 'A -> B : PSH URG ECE CWR RST FIN', needle: 'CWR', scope: 'constant.language.flag.tcpflow' },
    // flag calls (article notation)
    { src: 'Client -> Server: SYN(ISN_Client)', needle: 'SYN', scope: 'constant.language.flag.tcpflow' },
    { src: 'Client -> Server: SYN(ISN_Client)', needle: 'SYN(ISN_Client)', scope: 'meta.function-call.flag.tcpflow' },
    { src: 'Client -> Server: SYN(ISN_Client)', needle: '(', scope: 'punctuation.section.parens.begin.tcpflow' },
    { src: 'Client -> Server: SYN(ISN_Client)', needle: 'ISN_Client', scope: 'variable.other.symbol.tcpflow' },
    { src: 'Client -> Server: SYN(ISN_Client)', needle: ')', scope: 'punctuation.section.parens.end.tcpflow' },
    { src: 'Server -> Client: SYN(ISN_Server), ACK(ISN_Client + 1)', needle: 'ACK', scope: 'constant.language.flag.tcpflow' },
    { src: 'Server -> Client: SYN(ISN_Server), ACK(ISN_Client + 1)', needle: ',', scope: 'punctuation.separator.item.tcpflow' },
    { src: 'Server -> Client: SYN(ISN_Server), ACK(ISN_Client + 1)', needle: '+', scope: 'keyword.operator.arithmetic.tcpflow' },
    { src: 'Server -> Client: SYN(ISN_Server), ACK(ISN_Client + 1)', needle: '1', scope: 'constant.numeric.decimal.tcpflow' },
    { src: 'Server -> Client: ACK(FIN + 1)', needle: 'FIN', scope: 'variable.language.fin.tcpflow', not: ['constant.language.flag.tcpflow'] },
    { src: 'Server -> Client: SYN(ISN_Server), ACK(SYN + 1)', needle: 'SYN', nth: 1, scope: 'variable.language.syn.tcpflow' },
    // fields
    { src: 'Client -> Server : SYN seq=100 mss=1460', needle: 'seq', scope: 'support.type.property-name.field.tcpflow' },
    { src: 'Client -> Server : SYN seq=100 mss=1460', needle: '=', scope: 'keyword.operator.assignment.tcpflow' },
    { src: 'Client -> Server : SYN seq=100 mss=1460', needle: '100', scope: 'constant.numeric.decimal.tcpflow' },
    { src: 'Client -> Server : SYN seq=100 mss=1460', needle: 'mss', scope: 'support.type.property-name.field.tcpflow' },
    { src: 'Client -> Server : SYN seq=100 mss=1460', needle: '1460', scope: 'constant.numeric.decimal.tcpflow' },
    { src: 'A -> B : ACK ack=0xFFFFFFFF win=0 len=0 wscale=14', needle: '0xFFFFFFFF', scope: 'constant.numeric.hex.tcpflow' },
    { src: 'A -> B : ACK ack=0xFFFFFFFF win=0 len=0 wscale=14', needle: 'wscale', scope: 'support.type.property-name.field.tcpflow' },
    { src: 'A -> B : ACK ack=1 foo=7', needle: 'foo', scope: 'variable.parameter.field.unknown.tcpflow', not: ['support.type.property-name.field.tcpflow'] },
    { src: 'A -> B : ACK seq=ISN_A+1', needle: 'ISN_A', scope: 'variable.other.symbol.tcpflow' },
    { src: 'A -> B : ACK seq=ISN_A+1', needle: '+', scope: 'keyword.operator.arithmetic.tcpflow' },
    { src: 'A -> B : FIN+ACK ack=FIN+1', needle: 'FIN', scope: 'constant.language.flag.tcpflow' },
    { src: 'A -> B : FIN+ACK ack=FIN+1', needle: '+', scope: 'punctuation.separator.item.tcpflow' },
    { src: 'A -> B : FIN+ACK ack=FIN+1', needle: 'ack', scope: 'support.type.property-name.field.tcpflow', not: ['constant.language.flag.tcpflow'] },
    { src: 'A -> B : FIN+ACK ack=FIN+1', needle: 'FIN', nth: 1, scope: 'variable.language.fin.tcpflow' },
    { src: 'A -> B : FIN+ACK ack=FIN+1', needle: '+', nth: 1, scope: 'keyword.operator.arithmetic.tcpflow' },
    // strings
    { src: 'A -> B : PSH+ACK "say \\"hi\\" \\\\ ok" # c', needle: '"say \\"hi\\" \\\\ ok"', scope: 'string.quoted.double.tcpflow' },
    { src: 'A -> B : PSH+ACK "say \\"hi\\" \\\\ ok" # c', needle: '\\"', scope: 'constant.character.escape.tcpflow' },
    { src: 'A -> B : PSH+ACK "say \\"hi\\" \\\\ ok" # c', needle: '\\\\', scope: 'constant.character.escape.tcpflow' },
    { src: 'title "a # is not a comment here"', needle: '"a # is not a comment here"', scope: 'string.quoted.double.tcpflow', not: ['comment.line.number-sign.tcpflow'] },
    { src: 'title "Three-way handshake"', needle: 'title', scope: 'keyword.control.title.tcpflow' },
    // arrows, names, separators
    { src: 'Client -x Server : FIN+ACK seq=115 ack=301      # lost', needle: '-x', scope: 'keyword.operator.arrow.lost.tcpflow' },
    { src: 'Client -> Server : FIN', needle: '->', scope: 'keyword.operator.arrow.tcpflow', not: ['keyword.operator.arrow.lost.tcpflow'] },
    { src: 'Client -> Server : FIN', needle: 'Client', scope: 'entity.name.type.endpoint.tcpflow' },
    { src: 'Client -> Server : FIN', needle: 'Server', scope: 'entity.name.type.endpoint.tcpflow' },
    { src: 'Client -> Server : FIN', needle: ':', scope: 'punctuation.separator.colon.tcpflow' },
    { src: 'Client->Server:FIN', needle: 'Server', scope: 'entity.name.type.endpoint.tcpflow' },
    { src: 'note Client, Server "both"', needle: 'note', scope: 'keyword.control.note.tcpflow' },
    { src: 'note Client, Server "both"', needle: 'Server', scope: 'entity.name.type.endpoint.tcpflow' },
    { src: 'old A -> B : SYN seq=90', needle: 'old', scope: 'keyword.control.old.tcpflow' },
    { src: 'old -> B : SYN', needle: 'old', scope: 'entity.name.type.endpoint.tcpflow', not: ['keyword.control.old.tcpflow'] },
    // comments
    { src: 'Client -x Server : FIN+ACK seq=115 ack=301      # lost', needle: '# lost', scope: 'comment.line.number-sign.tcpflow' },
    { src: 'Client -> Server : FIN // the active close', needle: '// the active close', scope: 'comment.line.double-slash.tcpflow' },
    { src: '# a whole-line comment with -> and SYN', needle: '# a whole-line comment with -> and SYN', scope: 'comment.line.number-sign.tcpflow' },
    // timestamps
    { src: '0.105 Client -> Server : SYN', needle: '0.105', scope: 'constant.numeric.timestamp.tcpflow' },
    { src: '12 old Client -> Server : SYN', needle: '12', scope: 'constant.numeric.timestamp.tcpflow' },
    // endpoint declarations and states
    { src: 'endpoint Server "10.0.0.2:80" LISTEN', needle: 'endpoint', scope: 'keyword.control.endpoint.tcpflow' },
    { src: 'endpoint Server "10.0.0.2:80" LISTEN', needle: 'Server', scope: 'entity.name.type.endpoint.tcpflow' },
    { src: 'endpoint Server "10.0.0.2:80" LISTEN', needle: 'LISTEN', scope: 'support.constant.state.tcpflow' },
    { src: 'endpoint Server "10.0.0.2:80" LISTEN', needle: '"10.0.0.2:80"', scope: 'string.quoted.double.tcpflow' },
    { src: 'endpoint Client SYN-SENT', needle: 'SYN-SENT', scope: 'support.constant.state.tcpflow' },
    { src: 'Client: TIME_WAIT          # a state assertion', needle: 'TIME_WAIT', scope: 'support.constant.state.tcpflow' },
    { src: 'Client: TIME_WAIT          # a state assertion', needle: 'Client', scope: 'entity.name.type.endpoint.tcpflow' },
    { src: 'Client: FIN-WAIT-1', needle: 'FIN-WAIT-1', scope: 'support.constant.state.tcpflow' },
    { src: 'Client : fin-wait-2', needle: 'fin-wait-2', scope: 'support.constant.state.tcpflow' },
    { src: 'Server: SYN_RECV', needle: 'SYN_RECV', scope: 'support.constant.state.tcpflow' },
    // events
    { src: 'Client: wait 2MSL', needle: 'wait', scope: 'support.function.event.tcpflow' },
    { src: 'Client: wait 2MSL', needle: '2MSL', scope: 'constant.numeric.duration.tcpflow' },
    { src: 'Server: listen', needle: 'listen', scope: 'support.function.event.tcpflow', not: ['support.constant.state.tcpflow'] },
    { src: 'Server: LISTEN', needle: 'LISTEN', scope: 'support.function.event.tcpflow', not: ['support.constant.state.tcpflow'] },
    { src: 'Server: close', needle: 'close', scope: 'support.function.event.tcpflow' },
    { src: 'Server: CLOSED', needle: 'CLOSED', scope: 'support.constant.state.tcpflow', not: ['support.function.event.tcpflow'] },
    { src: 'Server: close_wait', needle: 'close_wait', scope: 'support.constant.state.tcpflow' },
    { src: 'Server: Timeout', needle: 'Timeout', scope: 'support.function.event.tcpflow' },
    // simultaneous blocks
    { src: 'simultaneous {\n  A -> B : SYN\n}', line: 0, needle: 'simultaneous', scope: 'keyword.control.simultaneous.tcpflow' },
    { src: 'simultaneous {\n  A -> B : SYN\n}', line: 0, needle: '{', scope: 'punctuation.section.block.begin.tcpflow' },
    { src: 'simultaneous {\n  A -> B : SYN\n}', line: 1, needle: 'SYN', scope: 'constant.language.flag.tcpflow' },
    { src: 'simultaneous {\n  A -> B : SYN\n}', line: 1, needle: 'B', scope: 'meta.block.simultaneous.tcpflow', inside: true },
    { src: 'simultaneous {\n  A -> B : SYN\n}', line: 2, needle: '}', scope: 'punctuation.section.block.end.tcpflow' },
    { src: 'simultaneous { A -> B : SYN seq=1 }', needle: 'B', scope: 'entity.name.type.endpoint.tcpflow' },
    { src: 'simultaneous { A -> B : SYN seq=1 }', needle: '}', scope: 'punctuation.section.block.end.tcpflow' },
  ];
  for (const c of cases) {
    const label = `${JSON.stringify(c.needle)}${c.nth ? ` #${c.nth + 1}` : ''} → ${c.scope} in ${JSON.stringify(c.src)}`;
    test(label, () => expectScope(c));
  }

  // Every spelling the spec lists (and the RFC's), in both places a state is written.
  const spellings = [
    'CLOSED', 'LISTEN', 'SYN_SENT', 'SYN-SENT', 'SYN_RCVD', 'SYN_RECEIVED', 'SYN-RECEIVED', 'SYN_RECV',
    'ESTABLISHED', 'FIN_WAIT1', 'FIN_WAIT_1', 'FIN-WAIT-1', 'FIN_WAIT2', 'FIN_WAIT_2', 'FIN-WAIT-2',
    'CLOSE_WAIT', 'CLOSE-WAIT', 'CLOSING', 'LAST_ACK', 'LAST-ACK', 'TIME_WAIT', 'TIME-WAIT',
  ];
  for (const s of spellings) {
    for (const spelling of [s, s.toLowerCase()]) {
      test(`state ${spelling} in a declaration`, () =>
        expectScope({ src: `endpoint Client "c" ${spelling} # initial`, needle: spelling, scope: 'support.constant.state.tcpflow' }));
      // `listen` after a colon is always the event.
      if (s !== 'LISTEN') {
        test(`state ${spelling} in an assertion`, () =>
          expectScope({ src: `Client : ${spelling}`, needle: spelling, scope: 'support.constant.state.tcpflow' }));
      }
    }
  }
});

describe('tcpflow grammar: lines that are wrong on purpose are marked invalid', () => {
  const wrong: Expect[] = [
    { src: 'Client -> Server : SYNN seq=1', needle: 'SYNN', scope: 'invalid.illegal.unknown-flag.tcpflow' },
    { src: 'Client -> Server : NS', needle: 'NS', scope: 'invalid.illegal.unknown-flag.tcpflow' },
    { src: 'Client: FIN_WAIT_3', needle: 'FIN_WAIT_3', scope: 'invalid.illegal.unknown-state.tcpflow' },
    { src: 'endpoint Client "c" OPEN', needle: 'OPEN', scope: 'invalid.illegal.unknown-state.tcpflow' },
    { src: 'Client -> Server : PSH "no end', needle: '"no end', scope: 'invalid.illegal.unterminated-string.tcpflow' },
    { src: 'title "ends with a backslash\\', needle: '"ends with a backslash\\', scope: 'invalid.illegal.unterminated-string.tcpflow' },
    { src: '}', needle: '}', scope: 'invalid.illegal.stray-brace.tcpflow' },
    { src: 'Client -> Server : PSH(5)', needle: '(5)', scope: 'invalid.illegal.unexpected.tcpflow' },
    { src: 'Client -> Server : ACK ack=1.5', needle: '1.5', scope: 'invalid.illegal.unexpected.tcpflow' },
    { src: 'Client -> Server : SYN-ACK', needle: '-ACK', scope: 'invalid.illegal.unexpected.tcpflow' },
    { src: 'Client: TIME_WAIT ESTABLISHED', needle: 'ESTABLISHED', scope: 'invalid.illegal.unexpected.tcpflow' },
    { src: 'title Handshake', needle: 'Handshake', scope: 'invalid.illegal.unexpected.tcpflow' },
    { src: 'Client Server SYN', needle: 'Client', scope: 'invalid.illegal.unexpected.tcpflow' },
    { src: 'simultaneous {\n  Client: close\n}', line: 1, needle: 'close', scope: 'invalid.illegal.unexpected.tcpflow' },
  ];
  for (const c of wrong) test(`${JSON.stringify(c.needle)} in ${JSON.stringify(c.src)}`, () => expectScope(c));

  test('an unclosed simultaneous block is detected', async () => {
    const doc = await tokenize('simultaneous {\n  A -> B : SYN\n  B -> A : SYN');
    assert.equal(doc.closed, false);
  });

  test('any text, however wrong, leaves no visible character without a scope', async () => {
    const fragments = [
      'Client', 'Server', 'B', ' ', '  ', '\t', '->', '-x', '-X', ':', ' : ', 'SYN', 'ack', 'Fin', 'PSH', 'NS', '=', '100', '0x1f',
      '0.5', '+', '-', ',', '|', '(', ')', '{', '}', '"', '\\', '\\"', '#', '//', '/', '.', '@', 'é', 'title', 'endpoint',
      'note', 'simultaneous', 'old', 'wait', '2MSL', 'FIN-WAIT-1', 'TIME_WAIT', 'listen', 'close', 'seq', 'mss', 'foo', '_x',
    ];
    const line = fc.array(fc.constantFrom(...fragments), { maxLength: 12 }).map((parts) => parts.join(''));
    const doc = fc.array(line, { minLength: 1, maxLength: 6 }).map((lines) => lines.join('\n'));
    await fc.assert(
      fc.asyncProperty(doc, async (text) => {
        assert.deepEqual(uncovered(await tokenize(text)), [], JSON.stringify(text));
      }),
      { numRuns: 300 },
    );
  });

  test('the clean-flow check catches an invalid token', async () => {
    await assert.rejects(assertClean('Client -> Server : SYNN', 'fixture'), /invalid tokens/);
  });
});

describe('tcpflow snippets', () => {
  test('the expander replaces placeholders, choices, mirrors and escapes', () => {
    assert.equal(expandSnippet('${1:Client} -> ${2:Server} : SYN\n$2 -> $1 : ${3|RST,ACK|}$0'), 'Client -> Server : SYN\nServer -> Client : RST');
    assert.equal(expandSnippet('title "${1:a ${2:nested} one}" \\$ \\}'), 'title "a nested one" $ }');
    assert.equal(expandSnippet('${1:x} ${1}'), 'x x');
  });

  const snippets = loadSnippets();
  const required = [
    /three-way handshake/i, /four-way teardown/i, /full connection/i, /simultaneous open/i, /endpoint declaration/i, /lost segment/i,
  ];
  test('the snippet file has every required snippet', () => {
    const names = Object.keys(snippets);
    for (const r of required) assert.ok(names.some((n) => r.test(n)), `no snippet named like ${r} among ${names.join(', ')}`);
  });

  for (const [name, s] of Object.entries(snippets)) {
    test(`snippet "${name}" expands to a clean flow`, async () => {
      assert.ok(typeof s.prefix === 'string' || Array.isArray(s.prefix), 'prefix');
      assert.ok(typeof s.description === 'string' && s.description.length > 0, 'description');
      const body = Array.isArray(s.body) ? s.body.join('\n') : s.body;
      assert.match(body, /\$\{?1/, 'a snippet has at least one tab stop');
      const text = expandSnippet(body);
      assert.doesNotMatch(text, /\$\{?\d/, `unexpanded tab stop in ${JSON.stringify(text)}`);
      await assertClean(text, `snippet "${name}"`);
    });
  }
});

describe('tcpflow language configuration', () => {
  interface RegExpJson {
    pattern: string;
    flags?: string;
  }
  interface LanguageConfiguration {
    comments?: { lineComment?: string };
    brackets?: [string, string][];
    autoClosingPairs?: { open: string; close: string; notIn?: string[] }[];
    surroundingPairs?: [string, string][];
    wordPattern?: string | RegExpJson;
    folding?: { markers?: { start?: string | RegExpJson; end?: string | RegExpJson } };
    indentationRules?: { increaseIndentPattern?: string | RegExpJson; decreaseIndentPattern?: string | RegExpJson };
  }
  const config = JSON.parse(readFileSync(path.join(ROOT, 'language-configuration.json'), 'utf8')) as LanguageConfiguration;
  /** The RegExp VS Code builds from a configuration entry (a string, or `{ pattern, flags }`). */
  const toRegExp = (r: string | RegExpJson | undefined, extraFlags = ''): RegExp => {
    assert.ok(r !== undefined, 'missing regular expression');
    return typeof r === 'string' ? new RegExp(r, extraFlags) : new RegExp(r.pattern, (r.flags ?? '') + extraFlags);
  };

  test('comments, brackets and pairs', () => {
    assert.equal(config.comments?.lineComment, '#');
    assert.deepEqual(new Set(config.brackets?.map((b) => b.join(''))), new Set(['{}', '()']));
    for (const open of ['(', '{', '"']) {
      const pair = config.autoClosingPairs?.find((p) => p.open === open);
      assert.ok(pair, `no auto-closing pair for ${open}`);
      assert.deepEqual([...(pair.notIn ?? [])].sort(), ['comment', 'string'], `${open} must not auto-close inside strings or comments`);
    }
    assert.deepEqual(new Set(config.surroundingPairs?.map((b) => b.join(''))), new Set(['{}', '()', '""']));
  });

  test('the word pattern keeps state names, symbols and numbers whole', () => {
    const words = (text: string) => text.match(toRegExp(config.wordPattern, 'g')) ?? [];
    assert.deepEqual(words('Client: FIN_WAIT_1'), ['Client', 'FIN_WAIT_1']);
    assert.deepEqual(words('Client: fin-wait-1 # x'), ['Client', 'fin-wait-1', 'x']);
    assert.deepEqual(words('Server: SYN-RECEIVED'), ['Server', 'SYN-RECEIVED']);
    assert.deepEqual(words('Client -> Server: SYN(ISN_Client)'), ['Client', 'Server', 'SYN', 'ISN_Client']);
    assert.deepEqual(words('A -> B : ACK seq=ISN_Client-1 ack=0x1F'), ['A', 'B', 'ACK', 'seq', 'ISN_Client', '1', 'ack', '0x1F']);
    assert.deepEqual(words('0.105 Client: wait 2MSL'), ['0.105', 'Client', 'wait', '2MSL']);
  });

  test('folding and indentation follow simultaneous blocks', () => {
    const rules: [string, RegExp][] = [
      ['folding start', toRegExp(config.folding?.markers?.start)],
      ['increase indent', toRegExp(config.indentationRules?.increaseIndentPattern)],
    ];
    for (const [what, re] of rules) {
      for (const line of ['simultaneous {', '  Simultaneous{   # both SYNs cross', 'SIMULTANEOUS { // x']) assert.match(line, re, what);
      for (const line of ['Client -> Server : SYN', '# simultaneous {', 'note A "simultaneous {"', '}']) assert.doesNotMatch(line, re, what);
    }
    const ends: [string, RegExp][] = [
      ['folding end', toRegExp(config.folding?.markers?.end)],
      ['decrease indent', toRegExp(config.indentationRules?.decreaseIndentPattern)],
    ];
    for (const [what, re] of ends) {
      for (const line of ['}', '  }   # end of block']) assert.match(line, re, what);
      for (const line of ['simultaneous {', 'Client: CLOSED']) assert.doesNotMatch(line, re, what);
    }
  });
});
