// A hand-written, line-oriented parser with error recovery: a bad item is
// reported and skipped, a bad line is reported and dropped, and parsing goes on
// with the next line. It never throws.
import { CATALOGUE, type Code } from '../check/catalogue';
import type { Finding, Fix } from '../check/diagnostic';
import { didYouMean } from '../didyoumean';
import { parseState, STATE_NAMES, ALL_STATES } from '../tcp/states';
import type { Span } from '../text';
import {
  Flag, FLAG_BITS, FLAG_NAMES, KNOWN_FIELDS, singleTerm,
  type EventName, type Expr, type FlagName, type FlowFile, type Name, type NumberField, type SegmentSpec,
  type SegmentStmt, type SimultaneousStmt, type SpecItem, type Statement, type StringLit, type Term,
} from './ast';
import { Lexer, unquote } from './lexer';
import { SegmentLineReader } from './segmentLine';
import { SegmentNode, SegmentStore } from './segmentNode';
import { Tok, TOKEN_NAMES } from './tokens';

export interface ParseResult {
  readonly file: FlowFile;
  readonly findings: readonly Finding[];
}

/** `common: false` reads every line with the general parser (tests compare the two readings). */
export function parse(text: string, { common = true } = {}): ParseResult {
  return new Parser(text, 0, common).run(undefined, true);
}

/** The statements of some lines, and where the parse stopped. */
export interface PartialParse extends ParseResult {
  /** The start of the first line not parsed (the text's length at the end). */
  readonly end: number;
}

/**
 * Parses `text` from the line starting at `from`, outside any block, until a
 * line start where `stop` says so (asked only outside a `simultaneous` block)
 * or the end of the text. The statements keep their offsets in `text`.
 */
export function parseLines(text: string, from: number, stop: (lineStart: number) => boolean): PartialParse {
  return new Parser(text, from).run(stop);
}

/**
 * The items of a segment's spec, parsed again from `text` (the text the
 * statement was parsed from, or moved into): what the first parse found.
 */
export function itemsOf(text: string, stmt: SegmentStmt, { common = true } = {}): readonly SpecItem[] {
  // One parser for the text asked about last: a service asks for the items of many lines of one text in a row.
  if (!reparser?.reads(text)) reparser = new Parser(text);
  return reparser.itemsAt(stmt.start, stmt.dst.end, common);
}

let reparser: Parser | undefined;

const MAX_U32 = 0xffffffff;
const KNOWN_FIELD_SET: ReadonlySet<string> = new Set(KNOWN_FIELDS);
const EVENT_WORDS: Record<string, EventName> = { listen: 'listen', close: 'close', timeout: 'timeout' };
const STATE_SPELLINGS = ALL_STATES.map((s) => STATE_NAMES[s]);
/** Field value limits: the widths of the header fields they stand for. */
const FIELD_MAX: Record<string, number> = { len: MAX_U32, win: 0xffff, mss: 0xffff, wscale: 0xff };

const isSeparator = (k: Tok) => k === Tok.Plus || k === Tok.Comma || k === Tok.Pipe;
const endsLine = (k: Tok) => k === Tok.Newline || k === Tok.EOF;

class Parser {
  private readonly lx: Lexer;
  private readonly findings: Finding[] = [];
  private readonly statements: Statement[] = [];
  private block: SimultaneousStmt | undefined;
  /** The rows of the segment nodes this parse makes. */
  private store = new SegmentStore(undefined, 0);

  /** Reads common segment lines from their characters (see segmentLine.ts); undefined when every line goes the general way. */
  private readonly common: SegmentLineReader | undefined;

  constructor(private readonly text: string, from = 0, common = true) {
    this.lx = new Lexer(text);
    this.lx.end = from;
    this.common = common ? new SegmentLineReader(text, this.store) : undefined;
  }

  /** `whole`: the nodes may read their payloads from the text when asked (it is the text of the whole file, which the analysis keeps anyway). */
  run(stop?: (lineStart: number) => boolean, whole = false): PartialParse {
    // A whole text's rows: about one segment line per 64 characters of a capture.
    this.store = new SegmentStore(this.text, whole ? Math.max(64, this.text.length >> 6) : 64);
    if (this.common) this.common.store = this.store;
    const lx = this.lx;
    lx.next();
    while (lx.kind !== Tok.EOF) {
      if (lx.kind === Tok.Newline) {
        if (stop && !this.block && stop(lx.end)) return this.done(lx.end, whole);
        // A common segment line is read from its first character: its first token is not lexed first.
        const start = this.common?.lineAt(lx.end) ?? -1;
        if (start >= 0) this.commonSegment(start);
        else lx.next();
        continue;
      }
      this.line();
      if (!endsLine(lx.kind)) {
        this.error('TF101', lx, `unexpected ${this.describe()} at the end of the statement`);
        lx.skipLine();
      }
    }
    if (this.block) {
      this.error('TF107', this.block.keyword, "'simultaneous {' is never closed: add '}' on a line of its own after its segments");
    }
    return this.done(this.text.length, whole);
  }

  private done(end: number, whole: boolean): PartialParse {
    if (!whole) this.store.detach();
    this.store.trim();
    return { file: { text: this.text, statements: this.statements }, findings: this.findings, end };
  }

  // ---- statements

  private line(): void {
    const lx = this.lx;
    const start = lx.start;
    if ((lx.kind === Tok.Number || lx.kind === Tok.Ident) && this.common?.read(start)) return this.commonSegment(start);
    if (lx.kind === Tok.RBrace) return this.closeBlock();
    if (lx.kind === Tok.Number) return this.segment(start, this.timestamp());
    if (lx.kind !== Tok.Ident) {
      this.error('TF101', lx, `unexpected ${this.describe()}: a statement starts with an endpoint name, a timestamp or a keyword (title, endpoint, note, simultaneous, old)`);
      lx.skipLine();
      return;
    }
    const word = lx.value.toLowerCase();
    const after = this.peek();
    if (word === 'title' && (after === Tok.String || after === Tok.BadString)) return this.title(start);
    if (word === 'endpoint' && after === Tok.Ident) return this.endpoint(start);
    if (word === 'note' && after === Tok.Ident) return this.note(start);
    if (word === 'simultaneous' && after === Tok.LBrace) return this.openBlock(start);
    if (word === 'old' && after === Tok.Ident) {
      const old = this.span(lx);
      lx.next();
      return this.segment(start, undefined, old);
    }
    if (after === Tok.Colon) return this.eventOrAssertion(start);
    return this.segment(start);
  }

  private title(start: number): void {
    this.lx.next();
    const text = this.string();
    this.add({ kind: 'title', ...this.spanFrom(start), text });
  }

  private endpoint(start: number): void {
    const lx = this.lx;
    lx.next();
    const name = this.name();
    let label: StringLit | undefined;
    if (lx.kind === Tok.String || lx.kind === Tok.BadString) label = this.string();
    let stateName: Name | undefined;
    let state;
    if (lx.kind === Tok.Ident) {
      stateName = this.stateWord();
      state = parseState(stateName.text);
      if (state === undefined) this.unknownState(stateName);
    }
    this.add({ kind: 'endpoint', ...this.spanFrom(start), name, label, stateName, state });
  }

  private note(start: number): void {
    const lx = this.lx;
    lx.next();
    const endpoints = [this.name()];
    if (lx.kind === Tok.Comma) {
      lx.next();
      if (this.at(Tok.Ident)) endpoints.push(this.name());
      else return this.expected('a second endpoint name after the comma');
    }
    if (lx.kind !== Tok.String && lx.kind !== Tok.BadString) return this.expected('the note text in double quotes');
    const text = this.string();
    this.add({ kind: 'note', ...this.spanFrom(start), endpoints, text });
  }

  private openBlock(start: number): void {
    const lx = this.lx;
    const keyword = this.span(lx);
    lx.next(); // {
    lx.next();
    if (this.block) {
      this.error('TF107', keyword, "a 'simultaneous' block cannot contain another one");
      return;
    }
    this.block = { kind: 'simultaneous', ...this.spanFrom(start), keyword, segments: [] };
    this.statements.push(this.block);
  }

  private closeBlock(): void {
    const lx = this.lx;
    const brace = this.span(lx);
    lx.next();
    const block = this.block;
    if (!block) {
      this.error('TF107', brace, "'}' closes no 'simultaneous {' block");
      return;
    }
    block.close = brace;
    block.end = brace.end;
    if (block.segments.length === 0) this.error('TF107', brace, "this 'simultaneous' block has no segment");
    this.block = undefined;
  }

  private eventOrAssertion(start: number): void {
    const lx = this.lx;
    const endpoint = this.name();
    lx.next(); // :
    if (lx.kind !== Tok.Ident) return this.expected("an event (listen, close, timeout, wait 2MSL) or a state name after ':'");
    // A state name wins over an event word it starts with: `CLOSE-WAIT` is CLOSE_WAIT, never `close` and junk.
    const save = this.save();
    const spelled = this.stateWord();
    const spelledState = parseState(spelled.text);
    if (spelledState !== undefined && spelled.text.includes('-')) {
      return this.add({ kind: 'assertion', ...this.spanFrom(start), endpoint, stateName: spelled, state: spelledState });
    }
    this.restore(save);
    const lower = lx.value.toLowerCase();
    const event = EVENT_WORDS[lower];
    if (event) {
      const word = this.span(lx);
      lx.next();
      return this.add({ kind: 'event', ...this.spanFrom(start), endpoint, event, word });
    }
    if (lower === 'wait') {
      const wordStart = lx.start;
      lx.next();
      if (this.at(Tok.Word) && lx.value.toUpperCase() === '2MSL') {
        lx.next();
        return this.add({ kind: 'event', ...this.spanFrom(start), endpoint, event: 'wait2msl', word: this.spanFrom(wordStart) });
      }
      return this.expected("'2MSL' after 'wait'");
    }
    const stateName = this.stateWord();
    const state = parseState(stateName.text);
    if (state === undefined) this.unknownState(stateName, ['listen', 'close', 'timeout', 'wait 2MSL']);
    this.add({ kind: 'assertion', ...this.spanFrom(start), endpoint, stateName, state });
  }

  private segment(start: number, time?: NumberField, old?: Span): void {
    const lx = this.lx;
    if (lx.kind === Tok.Ident && lx.end - lx.start === 3 && lx.value.toLowerCase() === 'old' && !old && this.peek() === Tok.Ident) {
      old = this.span(lx);
      lx.next();
    }
    if (lx.kind !== Tok.Ident) return this.expected('the sending endpoint name');
    const src = this.name();
    if (!this.at(Tok.Arrow) && !this.at(Tok.LostArrow)) {
      return this.expected("'->' (delivered) or '-x' (lost) after the sender, or ':' for an event or a state");
    }
    const lost = this.at(Tok.LostArrow);
    const arrowStart = lx.start;
    lx.next();
    if (lx.kind !== Tok.Ident) return this.expected('the receiving endpoint name after the arrow');
    const dst = this.name();
    // An empty spec ends after the colon: what is inferred for it is written there.
    let colonEnd: number | undefined;
    if (this.at(Tok.Colon)) {
      colonEnd = lx.end;
      lx.next();
    } else {
      // The colon is the fix only where a segment could follow it: a flag, a field, a payload or nothing.
      const startsSpec = this.at(Tok.Ident) || this.at(Tok.String) || this.at(Tok.Newline) || this.at(Tok.EOF);
      this.error('TF101', this.here(), `expected ':' between the receiver and the segment, found ${this.describe()}`, startsSpec ? [insertFix("Insert ':'", dst.end, ' :')] : []);
    }
    const errorsBefore = this.errorCount;
    const { items, spec } = this.spec();
    const { end } = this.spanFrom(start);
    const specEnd = items.length ? items[items.length - 1].end : colonEnd ?? dst.end;
    const row = this.store.add({ start, end, block: this.block, time, old, src, lost, arrowStart, dst, spec, invalid: this.errorCount > errorsBefore, specEnd });
    this.addSegment(new SegmentNode(this.store, row));
  }

  /** A line the common reader read into the store's open row: its names are added here. */
  private commonSegment(start: number): void {
    const r = this.common!;
    this.lx.toLineEnd(r.lineEnd, r.lastEnd);
    const store = this.store;
    const src = r.srcId >= 0 ? r.srcId : store.nameId(this.text.slice(r.srcStart, r.srcEnd));
    const dst = r.dstId >= 0 ? r.dstId : store.nameId(this.text.slice(r.dstStart, r.dstEnd));
    const row = store.commit(start, Math.max(start, r.lastEnd), this.block, src, r.srcStart - start, dst, r.dstStart - start);
    this.addSegment(new SegmentNode(this.store, row));
  }

  private addSegment(seg: SegmentNode): void {
    if (this.block) {
      this.block.segments.push(seg);
      this.block.end = seg.end;
    } else this.statements.push(seg);
  }

  private add(stmt: Statement): void {
    if (this.block) {
      this.error('TF107', stmt, "only segment lines may stand inside a 'simultaneous' block: close it with '}' first");
      return;
    }
    this.statements.push(stmt);
  }

  // ---- segment spec

  /** The items of the spec of the segment at `start`, which starts after the receiver's name, which ends at `offset` (see `itemsOf`). */
  itemsAt(start: number, offset: number, common: boolean): readonly SpecItem[] {
    const items: SpecItem[] = [];
    if (common && this.common?.read(start, items)) return items;
    this.lx.end = offset;
    this.findings.length = 0;
    this.lx.next();
    if (this.at(Tok.Colon)) this.lx.next();
    return this.spec().items;
  }

  reads(text: string): boolean {
    return this.text === text;
  }

  private spec(): { items: SpecItem[]; spec: SegmentSpec } {
    const lx = this.lx;
    const items: SpecItem[] = [];
    const b = new SpecBuilder(this);
    const findingsBefore = this.findings.length;
    while (!endsLine(lx.kind)) {
      const k = lx.kind;
      if (isSeparator(k)) {
        lx.next();
        continue;
      }
      let item: SpecItem | undefined;
      if (k === Tok.Ident) item = this.specWord();
      else if (k === Tok.String || k === Tok.BadString) {
        const text = this.string();
        item = { kind: 'payload', text, start: text.start, end: text.end };
      } else {
        const hint = k === Tok.Number ? ': a number goes in a field, as in seq=100 or len=5' : '';
        this.error('TF101', lx, `unexpected ${this.describe()} in the segment${hint}`);
        lx.next();
      }
      if (item) {
        items.push(item);
        b.add(item);
      }
    }
    this.dropDuplicatingGuesses(findingsBefore, items);
    return { items, spec: b };
  }

  /** A did-you-mean fix must not write a flag or field the segment already has: it would only trade the finding for a duplicate. */
  private dropDuplicatingGuesses(from: number, items: readonly SpecItem[]): void {
    if (from === this.findings.length) return;
    const present = new Set<string>();
    for (const item of items) {
      if (item.kind === 'flag') present.add(item.flag);
      else if (item.kind === 'call') present.add(item.flag).add(item.flag === 'ACK' ? 'ack' : 'seq');
      else if (item.kind === 'field') present.add(item.key.toLowerCase());
    }
    for (let i = from; i < this.findings.length; i++) {
      const f = this.findings[i];
      const guess = f.fixes?.[0]?.edits[0]?.newText;
      if ((f.code === 'TF102' || f.code === 'TF105') && guess !== undefined && present.has(guess)) this.findings[i] = { ...f, fixes: undefined };
    }
  }

  private specWord(): SpecItem | undefined {
    const lx = this.lx;
    const start = lx.start;
    const end = lx.end;
    const text = this.word();
    const upper = this.upper(text);
    lx.next();
    if (lx.kind === Tok.Equals) {
      lx.next();
      const expr = this.expr(true, text);
      if (!expr) return undefined;
      if (!KNOWN_FIELD_SET.has(this.lower(text))) {
        const guess = didYouMean(text, KNOWN_FIELDS);
        this.error('TF105', { start, end }, `unknown field '${text}': tcpflow knows ${KNOWN_FIELDS.join(', ')}; it is ignored${guess ? ` (did you mean '${guess}'?)` : ''}`,
          guess ? [replaceFix(`Change to '${guess}'`, { start, end }, guess)] : undefined);
      }
      return { kind: 'field', key: text, keyEnd: end, expr, start, end: expr.end };
    }
    if (lx.kind === Tok.LParen && (upper === 'SYN' || upper === 'FIN' || upper === 'RST' || upper === 'ACK')) {
      lx.next();
      const expr = this.expr(false, upper);
      if (this.at(Tok.RParen)) {
        const close = lx.end;
        lx.next();
        if (!expr) return undefined;
        return { kind: 'call', flag: upper, expr, nameEnd: end, start, end: close };
      }
      this.error('TF101', this.here(), `expected ')' to close ${upper}(, found ${this.describe()}`);
      return expr ? { kind: 'call', flag: upper, expr, nameEnd: end, start, end: expr.end } : undefined;
    }
    if (FLAG_BITS[upper as FlagName] !== undefined) return { kind: 'flag', flag: upper as FlagName, start, end };
    const lower = this.lower(text);
    if (KNOWN_FIELD_SET.has(lower)) {
      this.error('TF101', { start, end }, `'${text}' is a field: write it as ${lower}=VALUE`);
      if (lx.kind === Tok.Number) lx.next();
      return undefined;
    }
    const guess = didYouMean(text, FLAG_NAMES);
    this.error('TF102', { start, end }, `unknown flag '${text}': the flags are ${FLAG_NAMES.join(' ')}${guess ? ` (did you mean ${guess}?)` : ''}`,
      guess ? [replaceFix(`Change to ${guess}`, { start, end }, guess)] : undefined);
    return undefined;
  }

  /**
   * `term (("+"|"-") term)*`. Tight (after `key=`): no blanks, every token touches
   * the previous one. Loose (inside a flag call): blanks are free. `owner` is the
   * field key or the flag of the call, for messages.
   */
  private expr(tight: boolean, owner: string): Expr | undefined {
    const lx = this.lx;
    if (tight && !lx.adjacent) {
      this.error('TF101', this.here(), `expected a value after '${owner}=' with no blank after '='`);
      return undefined;
    }
    let op = '';
    let terms: Term[] | undefined;
    const start = lx.start;
    let negative = false;
    for (;;) {
      const term = this.term(negative, tight, owner, op);
      if (!term) return undefined;
      // A literal for the first term: most expressions have one, and a pushed-to
      // empty array would reserve room for sixteen.
      if (terms) terms.push(term);
      else terms = [term];
      // `N-x` lexes as the lost arrow; inside an expression it is N minus the symbol x.
      while (lx.kind === Tok.LostArrow && lx.adjacent) {
        terms.push({ kind: 'symbol', name: this.text.slice(lx.start + 1, lx.end), negative: true, start: lx.start + 1, end: lx.end });
        lx.next();
      }
      const k = lx.kind;
      if ((k !== Tok.Plus && k !== Tok.Minus) || (tight && !lx.adjacent)) break;
      negative = k === Tok.Minus;
      op = negative ? '-' : '+';
      lx.next();
      if (tight && !lx.adjacent) {
        this.error('TF101', this.here(), "expected a number or a symbol right after the operator (no blanks inside 'key=value')");
        return undefined;
      }
    }
    return terms.length === 1 ? terms[0] : { start, end: terms[terms.length - 1].end, terms };
  }

  /** One term; `owner` and `op` (the operator before it, if any) only serve the error message. */
  private term(negative: boolean, tight: boolean, owner: string, op: string): Term | undefined {
    const lx = this.lx;
    const start = lx.start;
    const end = lx.end;
    if (lx.kind === Tok.Number) {
      const value = this.integer();
      lx.next();
      return value === undefined ? undefined : { kind: 'number', value, negative, start, end };
    }
    if (lx.kind === Tok.Ident) {
      const name = this.word();
      const upper = this.upper(name);
      lx.next();
      if (upper === 'SYN' || upper === 'FIN') return { kind: 'word', word: upper, negative, start, end };
      if (FLAG_BITS[upper as FlagName] !== undefined) {
        this.error('TF101', { start, end }, `'${name}' is a flag, not a value: inside 'key=value' every '+' is arithmetic, so write flags first (${upper} seq=...)`);
        return undefined;
      }
      return { kind: 'symbol', name, negative, start, end };
    }
    const what = op ? `a number or a symbol after '${op}'` : tight ? `a value after '${owner}='` : `a value inside ${owner}( )`;
    this.error('TF101', this.here(), `expected ${what}, found ${this.describe()}`);
    if (!endsLine(lx.kind) && lx.kind !== Tok.RParen) lx.next();
    return undefined;
  }

  /** The current Number token as an unsigned 32-bit integer, reporting what it is not. */
  private integer(max = MAX_U32): number | undefined {
    const lx = this.lx;
    const t = this.text;
    // Short decimal numbers (nearly all of them) are read without making a string.
    if (lx.end - lx.start <= 9 && t.charCodeAt(lx.start + 1) !== 120 && t.charCodeAt(lx.start + 1) !== 88) {
      let v = 0;
      let i = lx.start;
      for (; i < lx.end; i++) {
        const c = t.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        v = v * 10 + c;
      }
      if (i === lx.end) return v;
    }
    const raw = lx.value;
    if (raw.includes('.')) {
      this.error('TF101', lx, `expected a whole number, found '${raw}'`);
      return undefined;
    }
    const value = Number(raw);
    if (value > max) {
      this.error('TF103', lx, `${raw} is out of range: the largest value here is ${max} (${max === MAX_U32 ? '2^32-1' : `0x${max.toString(16)}`})`);
      return undefined;
    }
    return value;
  }

  /** Checks a numeric field (`len=`, `win=`, ...) holds one number in its range. */
  numberField(key: string, expr: Expr): NumberField | undefined {
    const t = singleTerm(expr);
    if (t?.kind !== 'number') {
      this.error('TF101', expr, `${key}= takes a plain number`);
      return undefined;
    }
    const max = FIELD_MAX[key];
    if (t.value > max) {
      this.error('TF103', expr, `${key}=${t.value} is out of range: the ${key} field holds at most ${max}`);
      return undefined;
    }
    return t;
  }

  // ---- pieces

  private timestamp(): NumberField {
    const lx = this.lx;
    const t = { value: Number(lx.value), start: lx.start, end: lx.end };
    lx.next();
    return t;
  }

  private name(): Name {
    const lx = this.lx;
    const n = { start: lx.start, end: lx.end, text: this.word() };
    lx.next();
    return n;
  }

  /**
   * The current token's text, shared with an earlier equal word: a flow repeats
   * the same few names, flags and keys on every line, so one string each suffices.
   */
  private word(): string {
    return this.wordAt(this.lx.start, this.lx.end);
  }

  private wordAt(start: number, end: number): string {
    const t = this.text;
    const key = ((end - start) << 16) ^ (t.charCodeAt(start) << 8) ^ t.charCodeAt(end - 1);
    const known = this.words.get(key);
    if (known !== undefined && t.startsWith(known, start)) return known;
    const w = t.slice(start, end);
    if (this.words.size < 4096) this.words.set(key, w);
    return w;
  }

  /** Words seen, by length and first and last character (bounded: a cache, not an index). */
  private readonly words = new Map<number, string>();
  private readonly cases = new Map<string, [upper: string, lower: string]>();

  /** Case-folded forms of a word, computed once per distinct word. */
  private folded(w: string): [string, string] {
    let c = this.cases.get(w);
    if (!c) {
      c = [w.toUpperCase(), w.toLowerCase()];
      if (this.cases.size < 4096) this.cases.set(w, c);
    }
    return c;
  }

  private upper(w: string): string {
    return this.folded(w)[0];
  }

  lower(w: string): string {
    return this.folded(w)[1];
  }

  /** A state name, joining spellings with hyphens (`FIN-WAIT-1`) into one word. */
  private stateWord(): Name {
    const lx = this.lx;
    const start = lx.start;
    let end = lx.end;
    lx.next();
    while (lx.kind === Tok.Minus && lx.adjacent) {
      const save = this.save();
      lx.next();
      if ((this.at(Tok.Ident) || this.at(Tok.Number)) && lx.adjacent) {
        end = lx.end;
        lx.next();
      } else {
        this.restore(save);
        break;
      }
    }
    return { start, end, text: this.text.slice(start, end) };
  }

  private unknownState(name: Name, also: readonly string[] = []): void {
    const guess = didYouMean(name.text, [...STATE_SPELLINGS, ...also]);
    this.error('TF205', name, `unknown state '${name.text}': the states are ${STATE_SPELLINGS.join(', ')}${also.length ? `; the events are ${also.join(', ')}` : ''}${guess ? ` (did you mean ${guess}?)` : ''}`,
      guess ? [replaceFix(`Change to ${guess}`, name, guess)] : undefined);
  }

  private string(): StringLit {
    const lx = this.lx;
    const lit = { start: lx.start, end: lx.end, value: unquote(lx.value) };
    if (lx.kind === Tok.BadString) {
      this.error('TF104', lit, 'unterminated string: a string ends with " on the same line', [insertFix('Close the string', lit.end, '"')]);
    }
    lx.next();
    return lit;
  }

  /** The current token kind (a call, so checks after `next()` are not narrowed away). */
  private at(kind: Tok): boolean {
    return this.lx.kind === kind;
  }

  private peek(): Tok {
    const save = this.save();
    const k = this.lx.next();
    this.restore(save);
    return k;
  }

  private save(): [Tok, number, number, number] {
    const lx = this.lx;
    return [lx.kind, lx.start, lx.end, lx.gapStart];
  }

  private restore([kind, start, end, gap]: [Tok, number, number, number]): void {
    const lx = this.lx;
    lx.kind = kind;
    lx.start = start;
    lx.end = end;
    lx.gapStart = gap;
  }

  private span(lx: Span): Span {
    return { start: lx.start, end: lx.end };
  }

  private spanFrom(start: number): Span {
    return { start, end: Math.max(start, this.lastEnd()) };
  }

  /** The end of the last token consumed (the blank before the current token starts there). */
  private lastEnd(): number {
    return this.lx.gapStart;
  }

  /** Where the current token is, or a zero-width span at the line end. */
  private here(): Span {
    const lx = this.lx;
    return endsLine(lx.kind) ? { start: lx.gapStart, end: lx.gapStart } : this.span(lx);
  }

  private describe(): string {
    const lx = this.lx;
    if (lx.kind === Tok.Ident || lx.kind === Tok.Number || lx.kind === Tok.Word || lx.kind === Tok.Unknown) return `'${lx.value}'`;
    return TOKEN_NAMES[lx.kind];
  }

  private expected(what: string): void {
    this.error('TF101', this.here(), `expected ${what}, found ${this.describe()}`);
    this.lx.skipLine();
  }

  /** Findings that make a line unusable (warnings such as an unknown field do not). */
  private errorCount = 0;

  error(code: Code, span: Span, message: string, fixes?: Fix[]): void {
    if (CATALOGUE[code].severity === 'error') this.errorCount++;
    this.findings.push({ code, start: span.start, end: span.end, message, fixes });
  }
}

/** Folds the items of a segment into its spec, reporting duplicates (the first wins). One shape for every spec. */
class SpecBuilder implements SegmentSpec {
  flags = 0;
  calls = 0;
  /** Flags written as flag words: only a repeated word is a duplicate (`ACK(x)` or `ack=` then `ACK` is not). */
  private words = 0;
  seq: Expr | undefined = undefined;
  ack: Expr | undefined = undefined;
  ackIsCall: boolean | undefined = undefined;
  len: NumberField | undefined = undefined;
  win: NumberField | undefined = undefined;
  mss: NumberField | undefined = undefined;
  wscale: NumberField | undefined = undefined;
  payload: StringLit | undefined = undefined;

  constructor(private readonly parser: Parser) {}

  add(item: SpecItem): void {
    switch (item.kind) {
      case 'flag':
        if (this.words & FLAG_BITS[item.flag]) return this.duplicate(item, `flag ${item.flag}`);
        this.words |= FLAG_BITS[item.flag];
        this.flags |= FLAG_BITS[item.flag];
        return;
      case 'call':
        this.flags |= FLAG_BITS[item.flag];
        this.calls |= FLAG_BITS[item.flag];
        return this.set(item.flag === 'ACK' ? 'ack' : 'seq', item.expr, item, item.flag === 'ACK');
      case 'payload':
        if (this.payload) return this.duplicate(item, 'payload');
        this.payload = item.text;
        return;
      case 'field': {
        const key = this.parser.lower(item.key);
        // `ack=` implies the ACK flag: an acknowledgment number means nothing without it.
        if (key === 'ack') this.flags |= Flag.ACK;
        if (key === 'seq' || key === 'ack') return this.set(key, item.expr, item, false);
        if (key === 'len' || key === 'win' || key === 'mss' || key === 'wscale') {
          if (this[key]) return this.duplicate(item, `${key}=`);
          const v = this.parser.numberField(key, item.expr);
          if (v) this[key] = v;
        }
      }
    }
  }

  private set(key: 'seq' | 'ack', expr: Expr, span: Span, isCall: boolean): void {
    if (this[key]) return this.duplicate(span, `${key === 'seq' ? 'sequence' : 'acknowledgment'} number`);
    this[key] = expr;
    if (key === 'ack') this.ackIsCall = isCall;
  }

  private duplicate(span: Span, what: string): void {
    this.parser.error('TF106', span, `duplicate ${what}: the first one counts, this one is ignored`, [
      { title: `Remove the duplicate ${what}`, edits: [{ start: span.start, end: span.end, newText: '' }], preferred: true },
    ]);
  }
}

function replaceFix(title: string, span: Span, newText: string): Fix {
  return { title, edits: [{ start: span.start, end: span.end, newText }], preferred: true };
}

function insertFix(title: string, at: number, newText: string): Fix {
  return { title, edits: [{ start: at, end: at, newText }], preferred: true };
}
