// The formatter: one statement per line as the language writes it — keywords
// and flags in their case, flags in the customary order, single spaces between
// items, arrows and colons of consecutive segment lines aligned, segments of a
// `simultaneous` block indented. A line with a syntax error is left as it is,
// and a line whose formatted text would not parse to the same statement too.
import type { Analysis } from '../analysis';
import { BREAKING } from '../check/catalogue';
import type { TextEdit } from '../check/diagnostic';
import { forEachStatement } from '../check/names';
import { termsOf, type Expr, type SegmentStmt, type SpecItem, type Statement } from '../syntax/ast';
import { itemsOf, parse } from '../syntax/parser';
import { notationOf } from './notation';

export interface FormatOptions {
  /** One level of indentation inside a `simultaneous` block. */
  readonly indent?: string;
}

/** The customary flag order (SYN, FIN, RST, PSH, ACK, URG, ECE, CWR). */
const FLAG_ORDER = ['SYN', 'FIN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'];

interface Line {
  readonly start: number;
  /** Before the line break (and its `\r`). */
  readonly end: number;
  readonly text: string;
}

function splitLines(a: Analysis): Line[] {
  const out: Line[] = [];
  for (let l = 0; l < a.lines.lineCount; l++) {
    const start = a.lines.lineStart(l);
    const end = a.lines.lineEnd(l);
    out.push({ start, end, text: a.text.slice(start, end) });
  }
  return out;
}

function exprText(src: string, e: Expr, spaced: boolean): string {
  return termsOf(e).map((t, i) => {
    const body = t.kind === 'number' ? src.slice(t.start, t.end) : t.kind === 'symbol' ? t.name : t.word;
    if (i === 0) return body;
    const op = t.negative ? '-' : '+';
    return spaced ? ` ${op} ${body}` : `${op}${body}`;
  }).join('');
}

const KNOWN_KEYS = new Set(['seq', 'ack', 'len', 'win', 'mss', 'wscale']);

function itemText(src: string, item: SpecItem): string {
  switch (item.kind) {
    case 'flag': return item.flag;
    case 'call': return `${item.flag}(${exprText(src, item.expr, true)})`;
    case 'field': {
      const key = KNOWN_KEYS.has(item.key.toLowerCase()) ? item.key.toLowerCase() : item.key;
      return `${key}=${exprText(src, item.expr, false)}`;
    }
    case 'payload': return src.slice(item.start, item.end);
  }
}

/** Items as written: runs of plain flags joined by `+` in the customary order; `,` kept as `, `. */
function specText(src: string, items: readonly SpecItem[]): string {
  let out = '';
  let prevFlagLike = false;
  for (let i = 0; i < items.length; ) {
    const sep = i === 0 ? '' : src.slice(items[i - 1].end, items[i].start);
    let text: string;
    let j = i;
    if (items[i].kind === 'flag') {
      while (j < items.length && items[j].kind === 'flag') j++;
      const run = items.slice(i, j).map((f) => (f as { flag: string }).flag);
      text = run.sort((x, y) => FLAG_ORDER.indexOf(x) - FLAG_ORDER.indexOf(y)).join('+');
    } else {
      text = itemText(src, items[i]);
      j = i + 1;
    }
    const flagLike = items[i].kind === 'flag' || items[i].kind === 'call';
    if (i > 0) out += sep.includes(',') ? ', ' : /[+|]/.test(sep) && prevFlagLike && flagLike ? '+' : ' ';
    out += text;
    prevFlagLike = flagLike;
    i = j;
  }
  return out;
}

const eventText: Record<string, string> = { listen: 'listen', close: 'close', timeout: 'timeout', wait2msl: 'wait 2MSL' };

/** A statement other than a segment, as formatted. */
function simpleText(src: string, s: Exclude<Statement, SegmentStmt>): string {
  switch (s.kind) {
    case 'title': return `title ${src.slice(s.text.start, s.text.end)}`;
    case 'endpoint': return ['endpoint', s.name.text, s.label && src.slice(s.label.start, s.label.end), s.stateName?.text.toUpperCase()].filter(Boolean).join(' ');
    case 'note': return `note ${s.endpoints.map((n) => n.text).join(', ')} ${src.slice(s.text.start, s.text.end)}`;
    // `NAME: LISTEN` reads as the state it asserts on a listening endpoint: its spelling stays.
    case 'event': return `${s.endpoint.text}: ${src.slice(s.word.start, s.word.end) === 'LISTEN' ? 'LISTEN' : eventText[s.event]}`;
    case 'assertion': return `${s.endpoint.text}: ${s.stateName.text.toUpperCase()}`;
    case 'simultaneous': return 'simultaneous {';
  }
}

/** Widths of the columns of a run of segment lines: `[time] [old] SRC` before the arrow, DST before the colon. */
interface Columns {
  head: number;
  dst: number;
}

function headText(src: string, s: SegmentStmt): string {
  return [s.time && src.slice(s.time.start, s.time.end), s.old && 'old', s.src.text].filter(Boolean).join(' ');
}

function segmentText(src: string, s: SegmentStmt, c: Columns, spaceBeforeColon: boolean): string {
  const head = `${headText(src, s).padEnd(c.head)} ${s.lost ? '-x' : '->'} ${s.dst.text.padEnd(c.dst)}${spaceBeforeColon ? ' ' : ''}:`;
  const spec = specText(src, itemsOf(src, s));
  return spec ? `${head} ${spec}` : head;
}

/** What a single line parses to, without positions: two lines mean the same when these are equal. */
function meaningOf(line: string): string {
  const p = parse(line);
  const skip = new Set(['start', 'end', 'keyEnd', 'nameEnd', 'specEnd', 'block', 'items']);
  const stmts = p.file.statements.map((s) => {
    const items = s.kind === 'segment' ? itemsOf(line, s) : [];
    const flags = items.filter((i) => i.kind === 'flag').map((i) => (i as { flag: string }).flag).sort();
    const rest = items.filter((i) => i.kind !== 'flag').map((i) => JSON.stringify(i, (k, v) => (skip.has(k) ? undefined : k === 'key' ? String(v).toLowerCase() : v)));
    return JSON.stringify([JSON.stringify(s, (k, v) => (skip.has(k) ? undefined : k === 'stateName' && v ? String(v.text).toUpperCase() : v)), flags, rest]);
  });
  return JSON.stringify([stmts, p.findings.map((f) => f.code)]);
}

/** The formatted text of every line (undefined: left as it is). */
function formatLines(a: Analysis, lines: readonly Line[], indent: string): (string | undefined)[] {
  const src = a.text;
  const lineOf = (offset: number) => a.lines.position(offset).line;
  const out: (string | undefined)[] = lines.map((l) => l.text.trimEnd());
  const stmtAt: (Statement | undefined)[] = new Array(lines.length);
  const depth: number[] = new Array(lines.length).fill(0);
  forEachStatement(a.file, (s) => (stmtAt[lineOf(s.start)] = s));
  for (const s of a.file.statements) {
    if (s.kind !== 'simultaneous') continue;
    stmtAt[lineOf(s.keyword.start)] = s;
    const last = s.close ? lineOf(s.close.start) : lineOf(s.end);
    for (let l = lineOf(s.keyword.start) + 1; l < last || (!s.close && l === last); l++) depth[l] = 1;
  }
  const broken = new Set<number>();
  for (const f of a.findings) if (BREAKING.has(f.code)) broken.add(lineOf(f.start));

  const spaceBeforeColon = notationOf(a).spaceBeforeColon;
  let run: { line: number; stmt: SegmentStmt }[] = [];
  const flush = () => {
    const c: Columns = { head: 0, dst: 0 };
    for (const { stmt } of run) {
      c.head = Math.max(c.head, headText(src, stmt).length);
      c.dst = Math.max(c.dst, stmt.dst.text.length);
    }
    for (const { line, stmt } of run) out[line] = withComment(lines[line], stmt.end, indent.repeat(depth[line]) + segmentText(src, stmt, c, spaceBeforeColon));
    run = [];
  };

  lines.forEach((l, i) => {
    const s = stmtAt[i];
    const body = l.text.trim();
    if (s?.kind === 'segment' && !s.invalid && !broken.has(i)) {
      run.push({ line: i, stmt: s });
      return;
    }
    flush();
    if (broken.has(i) || (s?.kind === 'segment' && s.invalid)) out[i] = undefined;
    else if (s) out[i] = withComment(l, s.kind === 'simultaneous' ? src.indexOf('{', s.keyword.end) + 1 : s.end, indent.repeat(depth[i]) + simpleText(src, s as Exclude<Statement, SegmentStmt>));
    else if (body === '}') out[i] = '}';
    else if (body.startsWith('#') || body.startsWith('//')) out[i] = indent.repeat(depth[i]) + body;
    else if (body !== '') out[i] = undefined;
  });
  flush();
  return out;
}

/** Appends the line's trailing comment (from `after` on) at its old column, or one space after the text. */
function withComment(line: Line, after: number, formatted: string): string {
  const rest = line.text.slice(after - line.start);
  const at = rest.search(/#|\/\//);
  if (at < 0) return formatted;
  const column = after - line.start + at;
  return `${formatted.padEnd(Math.max(column, formatted.length + 1))}${rest.slice(at).trimEnd()}`;
}

/** Edits that format the document (one per changed line). */
export function format(a: Analysis, options: FormatOptions = {}): TextEdit[] {
  const lines = splitLines(a);
  const formatted = formatLines(a, lines, options.indent ?? '  ');
  const edits: TextEdit[] = [];
  lines.forEach((l, i) => {
    const f = formatted[i];
    if (f === undefined || f === l.text) return;
    // A line whose statement would change is left alone (a safety net: formatting never changes meaning).
    if (l.text.trim() !== '' && meaningOf(l.text) !== meaningOf(f)) return;
    edits.push({ start: l.start, end: l.end, newText: f });
  });
  return edits;
}
