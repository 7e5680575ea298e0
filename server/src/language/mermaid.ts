// The sequence diagram of a flow, as Mermaid text: one source of truth for the
// preview, the Markdown export and the SVG/PNG export. Every piece of user text
// goes through `escapeText` (in the Markdown export, `escapeMarkdown` too), so
// nothing written in a flow can become markup or a Mermaid statement.
import type { Analysis } from './analysis';
import type { Diagnostic, Finding, SeverityOptions } from './check/diagnostic';
import { applySeverity } from './check/diagnostic';
import type { Endpoint, Step } from './check/result';
import { flagsText, timelineRow, type TimelineRow } from './describe';
import { breakLabel, LAYOUT, ROOM } from './labels';
import { escapeMarkdown } from './markdown';
import { showBidi } from './syntax/bidi';
import { checkInPieces, timelineInPieces, type PieceSetup } from './pieces';
import { Flag, writesFlagCall, type SegmentStmt, type SpecItem, type Statement, type TitleStmt } from './syntax/ast';
import { formatNum } from './tcp/seqnum';
import { STATE_NAMES } from './tcp/states';
import type { ResolvedSegment } from './tcp/tcb';
import { LineIndex } from './text';
import { itemsOf } from './syntax/parser';
import { dstText, srcText } from './syntax/segmentNode';

/**
 * How arrows are labelled: the segment spec as written (`SYN(ISN_Client)`,
 * `ACK(FIN + 1)`), the resolved explicit form (`SYN seq=ISN_Client`,
 * `ACK ack=ISN_Client+2`), or `auto`: as written when the file writes a flag
 * call anywhere (the article's notation), else explicit.
 */
export type LabelNotation = 'auto' | 'article' | 'explicit';
export const LABEL_NOTATIONS: readonly LabelNotation[] = ['auto', 'article', 'explicit'];

export interface MermaidOptions {
  /** Show inferred seq/ack and implied flags too, in parentheses. */
  readonly inferred?: boolean;
  /** The notation of the arrows' labels; absent: auto. */
  readonly labels?: LabelNotation;
  /** Prefix each arrow with its timestamp. */
  readonly timestamps?: boolean;
  /** Top-level statements per chunk; 0 or absent: one diagram. */
  readonly chunkSize?: number;
  /** Severity settings: statements with an error are drawn in red with the message. */
  readonly severity?: SeverityOptions;
  /**
   * A part of the flow: only the statements that start on these lines are
   * drawn (and, in Markdown, listed), with the states and numbers the whole
   * flow reaches there. Absent: the whole flow.
   */
  readonly lines?: LineRange;
}

/** Lines of a file, 1-based and inclusive, as users write them: `--lines 40-120` is `{ from: 40, to: 120 }`. */
export interface LineRange {
  readonly from: number;
  readonly to: number;
}

/** `lines 40–120`, or `line 40`; `Lines 40–120` at the start of a sentence. */
export const linesName = (r: LineRange, capital = false): string => `${capital ? 'L' : 'l'}ine${r.from === r.to ? ` ${r.from}` : `s ${r.from}–${r.to}`}`;

/** Why a part of a flow has no diagram. */
export const nothingToDraw = (r: LineRange): string => `nothing to draw on ${linesName(r)}: no segment, note or event starts there`;

/** The 0-based `line` is one of the range's (every line is, without a range). */
const inLines = (range: LineRange | undefined, line: number): boolean => !range || (line + 1 >= range.from && line + 1 <= range.to);

/** What of a top-level statement starts on the range's lines: all of it, the segments of a `simultaneous` block that do, or nothing. */
function partOf(stmt: Statement, range: LineRange | undefined, lineOf: (offset: number) => number): Statement | undefined {
  if (!range) return stmt;
  if (stmt.kind !== 'simultaneous') return inLines(range, lineOf(stmt.start)) ? stmt : undefined;
  const segments = stmt.segments.filter((s) => inLines(range, lineOf(s.start)));
  if (segments.length === stmt.segments.length) return stmt;
  return segments.length ? { ...stmt, segments } : undefined;
}

/** Where an arrow or a note of the diagram comes from, for click-to-reveal (the preview maps clicks with it). */
export interface DiagramElement {
  readonly index: number;
  readonly kind: 'arrow' | 'note';
  /** 0-based line of the statement. */
  readonly line: number;
  readonly chunk: number;
  readonly indexInChunk: number;
  readonly error: boolean;
}

export interface Diagram {
  readonly title?: string;
  readonly mermaid: string;
  readonly chunks: readonly string[];
  readonly elements: readonly DiagramElement[];
}

/** One chunk of a diagram: the standalone Mermaid text `toMermaid` gives it, and its elements. */
export interface DiagramChunk {
  readonly index: number;
  readonly text: string;
  readonly elements: readonly DiagramElement[];
}

/** A diagram's chunks without their texts: what a preview of a large flow needs first. */
export interface DiagramOutline {
  readonly title?: string;
  /** Participants drawn: none means there is nothing to draw yet. */
  readonly participants: number;
  /** The 0-based line of each chunk's first element (a chunk without elements: the line of the one before). */
  readonly chunkLines: readonly number[];
  /** The line and chunk of each statement drawn with an error, in order. */
  readonly errors: readonly { readonly line: number; readonly chunk: number }[];
}

/** A diagram whose chunk texts are drawn when asked: a large flow's preview draws the chunks it shows. */
export interface ChunkedDiagram extends DiagramOutline {
  chunk(index: number): DiagramChunk | undefined;
}

/**
 * Text for a Mermaid label: every character that Mermaid or HTML could read as
 * syntax becomes an entity code (`#60;`), which Mermaid renders as the character.
 * A bidirectional control is shown as its code point, a lone surrogate as U+FFFD.
 */
export function escapeText(s: string): string {
  let out = '';
  for (const ch of showBidi(s)) {
    const c = ch.codePointAt(0)!;
    if (c < 32 || c === 0x7f || c === 0x2028 || c === 0x2029) out += ' ';
    else if (c >= 0xd800 && c <= 0xdfff) out += '\ufffd';
    else if (SAFE.has(ch) || (c >= 0xa0 && c !== 0xfeff)) out += ch;
    else out += `#${c};`;
  }
  return out.trim() === '' ? '#160;' : out;
}

/** Characters with no meaning to Mermaid's statement text or to HTML. */
const SAFE = new Set('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:+-_=()[]/?!@*^~$\'');

const RED = 'rgba(220, 38, 38, 0.14)';
/** Starts an error note: an error stays recognisable without colour (in DejaVu Sans, so every export shows it). */
const ERROR_ICON = '✖';
/** A payload is cut so that its escaped form stays well within an arrow's width. */
const MAX_PAYLOAD = 32;
/** The budget of a shown payload, a character counting as the length of its Mermaid form. */
const MAX_PAYLOAD_ESCAPED = 48;

/** One top-level piece of the diagram: its lines, and the elements it draws. */
interface Piece {
  readonly lines: string[];
  readonly elements: { kind: 'arrow' | 'note'; line: number; error: boolean }[];
}

/** Draws the diagram a statement at a time: the whole flow at once, or a stretch at a time (the Markdown export in pieces). */
class Drawing {
  private readonly ids: Map<string, string>;
  readonly header: string[] = ['sequenceDiagram'];

  /** `labels` false: the pieces' elements only, their lines without labels (a cheap first pass over a large flow). */
  constructor(private readonly text: string, private readonly lineIndex: LineIndex, endpoints: readonly Endpoint[], private readonly options: MermaidOptions, private readonly labels = true) {
    this.ids = new Map(endpoints.map((e, i) => [e.name, `P${i}`]));
    for (const e of endpoints) {
      const label = e.label ? `${e.name} (${e.label})` : e.name;
      this.header.push(`  participant ${this.ids.get(e.name)} as ${escapeText(label)}`);
    }
  }

  /** The lines and elements of one top-level statement; `stepOf` and `errors` (by 0-based line) hold at least its own. */
  piece(stmt: Statement, stepOf: ReadonlyMap<Statement | SegmentStmt, Step>, errors: ReadonlyMap<number, string>): Piece | undefined {
    const ids = this.ids;
    const lineOf = (offset: number) => this.lineIndex.position(offset).line;
    const piece: Piece = { lines: [], elements: [] };
    if (stmt.kind === 'segment') {
      const line = lineOf(stmt.start);
      const text = this.arrowLine(stmt, stepOf.get(stmt), '  ');
      if (!text) return undefined;
      const error = errors.get(line);
      if (error) piece.lines.push(`  rect ${RED}`);
      piece.lines.push(text);
      piece.elements.push({ kind: 'arrow', line, error: !!error });
      if (error) {
        piece.lines.push(`  Note over ${ids.get(stmt.src.text)},${ids.get(stmt.dst.text)}: ${this.label(`${ERROR_ICON} ${error}`, ROOM.wideNote)}`);
        piece.elements.push({ kind: 'note', line, error: true });
        piece.lines.push('  end');
      }
      stateNotes(this, stepOf.get(stmt), piece, line);
    } else if (stmt.kind === 'simultaneous') {
      const drawn = stmt.segments.map((s) => ({ s, text: this.arrowLine(s, stepOf.get(s), '    ') })).filter((x) => x.text);
      if (!drawn.length) return undefined;
      drawn.forEach(({ s, text }, i) => {
        piece.lines.push(i === 0 ? '  par simultaneous' : '  and');
        piece.lines.push(text!);
        const line = lineOf(s.start);
        piece.elements.push({ kind: 'arrow', line, error: errors.has(line) });
      });
      piece.lines.push('  end');
      const last = stmt.segments[stmt.segments.length - 1];
      const first = stepOf.get(stmt.segments[0]);
      const final = stepOf.get(last);
      if (first && final) stateNotes(this, { statesBefore: first.statesBefore, states: final.states }, piece, lineOf(last.start));
    } else if (stmt.kind === 'note') {
      const over = stmt.endpoints.map((n) => ids.get(n.text)).filter(Boolean);
      if (!over.length) return undefined;
      piece.lines.push(`  Note over ${over.join(',')}: ${this.label(stmt.text.value, over.length === 1 ? ROOM.note : ROOM.wideNote)}`);
      piece.elements.push({ kind: 'note', line: lineOf(stmt.start), error: false });
    } else if (stmt.kind === 'event') {
      const id = ids.get(stmt.endpoint.text);
      if (!id) return undefined;
      const line = lineOf(stmt.start);
      piece.lines.push(`  Note over ${id}: ${this.label(this.text.slice(stmt.word.start, stmt.word.end), ROOM.note)}`);
      piece.elements.push({ kind: 'note', line, error: errors.has(line) });
      stateNotes(this, stepOf.get(stmt), piece, line);
    } else return undefined;
    return piece;
  }

  /** A label's Mermaid text; none in the first pass. */
  label(text: string, roomPx: number): string {
    return this.labels ? lines(text, roomPx) : '';
  }

  private arrowLine(seg: SegmentStmt, step: Step | undefined, indent: string): string | undefined {
    const from = this.ids.get(srcText(seg));
    const to = this.ids.get(dstText(seg));
    if (!from || !to || from === to) return undefined;
    const arrow = seg.lost ? '-x' : '->>';
    if (!this.labels) return indent;
    const label = this.options.labels === 'article' ? writtenLabel(seg, step?.segment, this.options, this.text) : arrowLabel(seg, step?.segment, this.options);
    return `${indent}${from}${arrow}${to}: ${lines(label, ROOM.arrow)}`;
  }
}

/** A note for each endpoint whose state the step changed. */
function stateNotes(drawing: Drawing, step: Pick<Step, 'statesBefore' | 'states'> | undefined, piece: Piece, line: number): void {
  if (!step) return;
  const before = step.statesBefore;
  step.states.forEach((state, i) => {
    if (state === before[i]) return;
    piece.lines.push(`  Note over P${i}: ${drawing.label(STATE_NAMES[state], ROOM.note)}`);
    piece.elements.push({ kind: 'note', line, error: false });
  });
}

const stepsByStatement = (steps: readonly Step[]) => new Map<Statement | SegmentStmt, Step>(steps.map((s) => [s.stmt, s]));

/** The diagram's title line, after the participants; a part says which lines it shows. */
function titleLines(title: TitleStmt | undefined, range: LineRange | undefined): string[] {
  const text = range ? (title ? `${title.text.value} (${linesName(range)})` : linesName(range, true)) : title?.text.value;
  return text === undefined ? [] : [`  title ${escapeText(text)}`];
}

/** The options with `labels` settled for a file: `article` or `explicit`, never auto. */
function settleLabels(options: MermaidOptions, writesCalls: () => boolean): MermaidOptions {
  const article = options.labels === 'article' || (options.labels !== 'explicit' && writesCalls());
  return { ...options, labels: article ? 'article' : 'explicit' };
}

export function toMermaid(a: Analysis, options: MermaidOptions = {}): Diagram {
  const drawing = new Drawing(a.text, a.lines, a.result.endpoints, settleLabels(options, () => a.file.statements.some(writesFlagCall)));
  const stepOf = stepsByStatement(a.result.steps);
  const errors = errorsByLine(a.lines, a.diagnostics(options.severity));
  const title = a.file.statements.find((s) => s.kind === 'title');
  const header = drawing.header;
  const pieces: Piece[] = [];
  const lineOf = (offset: number) => a.lines.position(offset).line;
  for (const stmt of a.file.statements) {
    const part = partOf(stmt, options.lines, lineOf);
    const piece = part && drawing.piece(part, stepOf, errors);
    if (piece) pieces.push(piece);
  }

  const titleLine = titleLines(title, options.lines);
  const size = options.chunkSize && options.chunkSize > 0 ? options.chunkSize : Math.max(1, pieces.length);
  const chunks: string[] = [];
  const elements: DiagramElement[] = [];
  const counters = { arrow: 0, note: 0 };
  for (let c = 0; c * size < pieces.length || c === 0; c++) {
    const group = pieces.slice(c * size, (c + 1) * size);
    elements.push(...numberElements(group, c, counters));
    chunks.push(chunkText(header, c === 0 ? titleLine : [], group));
  }
  const mermaid = [...header, ...titleLine, ...pieces.flatMap((p) => p.lines)].join('\n') + '\n';
  return { title: title && showBidi(title.text.value), mermaid, chunks, elements };
}

/** The elements of a chunk's pieces, numbered in the chunk and (from `counters`, which they advance) in the diagram. */
function numberElements(group: readonly Piece[], chunk: number, counters: { arrow: number; note: number }): DiagramElement[] {
  const out: DiagramElement[] = [];
  const inChunk = { arrow: 0, note: 0 };
  for (const p of group) {
    for (const e of p.elements) out.push({ index: counters[e.kind]++, kind: e.kind, line: e.line, chunk, indexInChunk: inChunk[e.kind]++, error: e.error });
  }
  return out;
}

const chunkText = (header: readonly string[], titleLine: readonly string[], group: readonly Piece[]) => [...header, ...titleLine, ...group.flatMap((p) => p.lines)].join('\n') + '\n';

/**
 * The diagram `toMermaid(a, { ...options, chunkSize })` cuts into chunks, with
 * each chunk's text and elements drawn when asked: one pass over the flow
 * without labels finds where the chunks start and which statements have errors.
 */
export function chunkedDiagram(a: Analysis, options: MermaidOptions & { readonly chunkSize: number }): ChunkedDiagram {
  const settled = settleLabels(options, () => a.file.statements.some(writesFlagCall));
  const outline = new Drawing(a.text, a.lines, a.result.endpoints, settled, false);
  const stepOf = stepsByStatement(a.result.steps);
  const errors = errorsByLine(a.lines, a.diagnostics(options.severity));
  const title = a.file.statements.find((s) => s.kind === 'title');
  const size = Math.max(1, options.chunkSize);
  const drawn: Statement[] = [];
  const chunkLines: number[] = [];
  const errorMarks: { line: number; chunk: number }[] = [];
  /** The diagram's element counters at the start of each chunk. */
  const starts: { arrow: number; note: number }[] = [];
  const counters = { arrow: 0, note: 0 };
  let line = 0;
  const lineOf = (offset: number) => a.lines.position(offset).line;
  for (const whole of a.file.statements) {
    const stmt = partOf(whole, options.lines, lineOf);
    const piece = stmt && outline.piece(stmt, stepOf, errors);
    if (!stmt || !piece) continue;
    const chunk = Math.floor(drawn.length / size);
    if (drawn.length % size === 0) {
      starts.push({ ...counters });
      chunkLines.push(piece.elements[0]?.line ?? line);
    }
    drawn.push(stmt);
    for (const e of piece.elements) {
      counters[e.kind]++;
      if (e.error && errorMarks[errorMarks.length - 1]?.line !== e.line) errorMarks.push({ line: e.line, chunk });
      line = e.line;
    }
  }
  if (!starts.length) {
    starts.push({ ...counters });
    chunkLines.push(0);
  }
  const drawing = new Drawing(a.text, a.lines, a.result.endpoints, settled);
  const titleLine = titleLines(title, options.lines);
  return {
    title: title && showBidi(title.text.value),
    participants: drawing.header.length - 1,
    chunkLines,
    errors: errorMarks,
    chunk(index) {
      if (!Number.isInteger(index) || index < 0 || index >= starts.length) return undefined;
      const group = drawn.slice(index * size, (index + 1) * size).map((s) => drawing.piece(s, stepOf, errors)!);
      return { index, text: chunkText(drawing.header, index === 0 ? titleLine : [], group), elements: numberElements(group, index, { ...starts[index] }) };
    },
  };
}

/** A label as Mermaid text, broken into lines that fit its room (Mermaid draws it without wrapping). */
const lines = (text: string, roomPx: number) => breakLabel(escapeText(text), roomPx, LAYOUT.fontPx).join('<br/>');

/** What precedes the segment's words: its time (on request) and `old`. */
function prefix(seg: SegmentStmt, options: MermaidOptions): string[] {
  const parts: string[] = [];
  if (options.timestamps && seg.time) parts.push(`${seg.time.value}s`);
  if (seg.old) parts.push('old');
  return parts;
}

/** Pushes seq, and ack when the segment has ACK: a written one as `name=value` when `showWritten`, an unwritten one as `(name=value)` on request. */
function pushNumbers(parts: string[], seg: SegmentStmt, resolved: ResolvedSegment | undefined, options: MermaidOptions, showWritten: boolean): void {
  const value = (written: boolean, name: string, n: ResolvedSegment['seq'] | undefined) => {
    if (n === undefined) return;
    if (written) {
      if (showWritten) parts.push(`${name}=${formatNum(n)}`);
    } else if (options.inferred) parts.push(`(${name}=${formatNum(n)})`);
  };
  value(!!seg.spec.seq, 'seq', resolved?.seq);
  if (resolved && resolved.flags & Flag.ACK) value(!!seg.spec.ack, 'ack', resolved.ack);
}

/** The arrow's words: flags and numbers as resolved (plus inferred ones on request), payload, time. */
function arrowLabel(seg: SegmentStmt, resolved: ResolvedSegment | undefined, options: MermaidOptions): string {
  const parts = prefix(seg, options);
  const spec = seg.spec;
  const flags = resolved && options.inferred ? resolved.flags : spec.flags;
  const implied = flags & ~spec.flags & Flag.ACK;
  parts.push(implied ? `${flagsText(flags & ~Flag.ACK)} (+ACK)`.replace('(no flags) ', '') : flagsText(flags));
  pushNumbers(parts, seg, resolved, options, true);
  if (resolved?.len && !spec.payload) parts.push(`len=${resolved.len}`);
  if (spec.payload) {
    parts.push(`"${shortPayload(spec.payload.value)}"`);
  }
  return parts.join(' ');
}

/**
 * The arrow's words in the article's notation: the segment spec as written,
 * items in their order with their separators, blanks collapsed and the payload
 * shortened (plus, on request, the implied flags and inferred numbers).
 */
function writtenLabel(seg: SegmentStmt, resolved: ResolvedSegment | undefined, options: MermaidOptions, text: string): string {
  const parts = prefix(seg, options);
  let spec = '';
  const items = itemsOf(text, seg);
  items.forEach((item, i) => {
    if (i > 0) spec += separator(text.slice(items[i - 1].end, item.start));
    spec += writtenItem(item, text);
  });
  parts.push(spec || flagsText(seg.spec.flags));
  const implied = resolved && options.inferred ? resolved.flags & ~seg.spec.flags : 0;
  if (implied) parts.push(`(+${flagsText(implied)})`);
  pushNumbers(parts, seg, resolved, options, false);
  return parts.join(' ');
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** One spec item as written: a call as `FLAG(expr)` whatever the blanks around its parentheses. */
function writtenItem(item: SpecItem, text: string): string {
  if (item.kind === 'payload') return `"${shortPayload(item.text.value)}"`;
  if (item.kind !== 'call') return collapse(text.slice(item.start, item.end));
  const closed = text.charCodeAt(item.end - 1) === 41 /* ) */;
  return `${text.slice(item.start, item.nameEnd)}(${collapse(text.slice(item.expr.start, item.expr.end))}${closed ? ')' : ''}`;
}

/** What stands between two items: its separators (`,` `+` `|`) as written, blanks collapsed; anything else (a line's syntax error) reads as a blank. */
function separator(gap: string): string {
  if (!/^[\s,+|]*$/.test(gap)) return ' ';
  return gap.replace(/\s+/g, ' ').replace(/ ,/g, ',');
}

/** The payload as shown on an arrow: at most MAX_PAYLOAD characters and MAX_PAYLOAD_ESCAPED of Mermaid text. */
function shortPayload(p: string): string {
  const kept: string[] = [];
  let cost = 0;
  for (const ch of p) {
    cost += ch === ' ' ? 1 : escapeText(ch).length;
    if (cost > MAX_PAYLOAD_ESCAPED || kept.length >= MAX_PAYLOAD) return `${kept.slice(0, -1).join('')}…`;
    kept.push(ch);
  }
  return p;
}

/** The first error message on each line (0-based). */
function errorsByLine(lineIndex: LineIndex, diags: readonly Diagnostic[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const d of diags) {
    if (d.severity !== 'error') continue;
    const line = lineIndex.position(d.start).line;
    if (!out.has(line)) out.set(line, `${d.code}: ${d.message}`);
  }
  return out;
}

type MarkdownOptions = MermaidOptions & { readonly fileName?: string };

/** The Markdown document's lines: its title (and which lines a part shows), the diagram's fence, the timeline's head; and a row, a diagnostic. */
const markdown = {
  title: (title: string | undefined, options: MarkdownOptions) => `# ${escapeMarkdown(title ?? options.fileName ?? 'TCP flow')}`,
  part: (range: LineRange | undefined) => (range ? [`*${linesName(range, true)} of the flow, with the states and numbers the whole flow reaches there.*`, ''] : []),
  timelineHead: (endpoints: readonly Endpoint[]) => {
    const names = endpoints.map((e) => e.name);
    return [
      '```', '', '## Timeline', '',
      `| step | line | statement | ${names.map(escapeMarkdown).join(' | ')} | segment | receiver |`,
      `|---:|---:|---|${names.map(() => '---|').join('')}---|---|`,
    ];
  },
  row: (r: TimelineRow) => `| ${r.step} | ${r.line} | ${escapeMarkdown(r.what)} | ${r.states.join(' | ')} | ${escapeMarkdown(r.detail)} | ${escapeMarkdown(r.outcome)} |`,
  shown: (d: Diagnostic) => d.severity === 'error' || d.severity === 'warning',
  diagnostic: (lineIndex: LineIndex, d: Diagnostic) => {
    const p = lineIndex.position(d.start);
    return `- line ${p.line + 1}, column ${p.character + 1}: **${d.severity} ${d.code}**: ${escapeMarkdown(d.message)}`;
  },
  NONE: 'No errors or warnings.',
};

/**
 * The timeline's rows: a row of the states before the first step shown (the
 * initial states), then the steps on the range's lines (every step, without a range).
 */
class TimelineTable {
  private before: { n: number; states: readonly string[] };
  private started = false;

  constructor(private readonly text: string, private readonly lineIndex: LineIndex, endpoints: readonly Endpoint[], private readonly range: LineRange | undefined) {
    this.before = { n: 0, states: endpoints.map((e) => STATE_NAMES[e.initial]) };
  }

  /** The rows of the flow's next steps, each with its line break. */
  rows(steps: readonly Step[]): string {
    let out = '';
    for (const s of steps) {
      if (this.range) {
        const line = this.lineIndex.position(s.stmt.start).line;
        if (line + 1 < this.range.from) this.before = { n: s.n, states: s.after.map((t) => STATE_NAMES[t.state]) };
        if (!inLines(this.range, line)) continue;
      }
      out += this.first() + markdown.row(timelineRow(this.text, this.lineIndex, s)) + '\n';
    }
    return out;
  }

  /** The first row, when no step was shown. */
  end(): string {
    return this.first();
  }

  private first(): string {
    if (this.started) return '';
    this.started = true;
    const what = this.range ? `(states before line ${this.range.from})` : '(initial states)';
    return `| ${this.before.n} | | ${what} | ${this.before.states.join(' | ')} | | |\n`;
  }
}

/** A diagnostic listed by the Markdown export: an error or a warning, on the range's lines. */
const listed = (lineIndex: LineIndex, range: LineRange | undefined) => (d: Diagnostic) => markdown.shown(d) && inLines(range, lineIndex.position(d.start).line);

/** A Markdown document: title, the diagram in a mermaid fence, the timeline table and the diagnostics. */
export function toMarkdown(a: Analysis, options: MarkdownOptions = {}): string {
  const d = toMermaid(a, { ...options, chunkSize: 0 });
  const out: string[] = [markdown.title(d.title, options), '', ...markdown.part(options.lines), '```mermaid', d.mermaid.trimEnd(), ...markdown.timelineHead(a.result.endpoints)];
  const table = new TimelineTable(a.text, a.lines, a.result.endpoints, options.lines);
  out.push((table.rows(a.result.steps) + table.end()).slice(0, -1));
  const diags = a.diagnostics(options.severity).filter(listed(a.lines, options.lines));
  out.push('', '## Diagnostics', '');
  if (!diags.length) out.push(markdown.NONE);
  for (const x of diags) out.push(markdown.diagnostic(a.lines, x));
  return out.join('\n') + '\n';
}

/** Diagnostics the diagram's walk keeps for the Markdown's last section; more take a walk of their own. */
const KEPT_DIAGNOSTICS = 10_000;

/**
 * `toMarkdown(analyze(text), options)` written a stretch at a time, for a file
 * too large to hold as one syntax tree: walks in pieces — the diagram, the
 * timeline, and the diagnostics when there are too many to keep from the
 * diagram's walk — each written as it comes. Returns how many statements the
 * diagram draws (none: a part with nothing to draw).
 */
export function writeMarkdown(text: string, options: MarkdownOptions, write: (chunk: string) => void, size?: number): number {
  const lineIndex = new LineIndex(text);
  const range = options.lines;
  const lineOf = (offset: number) => lineIndex.position(offset).line;
  let setup: PieceSetup | undefined;
  let drawing: Drawing | undefined;
  let drawn = 0;
  // The diagram's last line loses its trailing blanks, as toMarkdown's trimEnd does: each line waits for the next.
  let last = '';
  const severe = (findings: readonly Finding[]) => applySeverity(findings as Finding[], options.severity ?? {});
  const listing = (diags: readonly Diagnostic[]) => {
    let out = '';
    for (const d of diags.filter(listed(lineIndex, range))) out += markdown.diagnostic(lineIndex, d) + '\n';
    return out;
  };
  let kept: string[] | undefined = [];
  let findings = 0;
  timelineInPieces(text, (s) => {
    setup = s;
    drawing = new Drawing(text, lineIndex, s.endpoints, settleLabels(options, () => s.writesFlagCall));
    const title = s.title && showBidi(s.title.text.value);
    const head = [markdown.title(title, options), '', ...markdown.part(range), '```mermaid', ...drawing.header, ...titleLines(s.title, range)];
    last = head.pop()!;
    write(head.join('\n') + '\n');
  }, (piece) => {
    const diags = severe(piece.findings);
    findings += diags.length;
    if (kept && findings <= KEPT_DIAGNOSTICS) kept.push(listing(diags));
    else kept = undefined;
    const stepOf = stepsByStatement(piece.steps);
    const errors = errorsByLine(lineIndex, diags);
    let out = '';
    for (const stmt of piece.statements) {
      const part = partOf(stmt, range, lineOf);
      const lines = (part && drawing!.piece(part, stepOf, errors)?.lines) ?? [];
      if (lines.length) drawn++;
      for (const line of lines) {
        out += last + '\n';
        last = line;
      }
    }
    if (out) write(out);
  }, size);
  write([last.trimEnd(), ...markdown.timelineHead(setup!.endpoints)].join('\n') + '\n');
  const table = new TimelineTable(text, lineIndex, setup!.endpoints, range);
  timelineInPieces(text, () => {}, (piece) => {
    const out = table.rows(piece.steps);
    if (out) write(out);
  }, size);
  const end = table.end();
  if (end) write(end);
  write('\n## Diagnostics\n\n');
  let any = false;
  const list = (out: string) => {
    any ||= out !== '';
    if (out) write(out);
  };
  if (kept) kept.forEach(list);
  else checkInPieces(text, (findings) => list(listing(severe(findings))), size);
  if (!any) write(markdown.NONE + '\n');
  return drawn;
}
