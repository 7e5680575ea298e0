// Completion: at the start of a line, the segments that may come next (with
// their numbers), events and assertions; in a segment, flags, fields and the
// values the sender's TCB expects; after `NAME :`, events and states; endpoint
// names and symbols where they go.
import type { Analysis } from '../analysis';
import { code, escapeMarkdown } from '../markdown';
import { Flag, FLAG_NAMES, KNOWN_FIELDS, type EventName } from '../syntax/ast';
import { Lexer } from '../syntax/lexer';
import { Tok } from '../syntax/tokens';
import { add, diff, formatNum, type Num } from '../tcp/seqnum';
import { ALL_STATES, State, STATE_MEANINGS, STATE_NAMES } from '../tcp/states';
import { MAY_SEND } from '../tcp/transitions';
import { eolOf, lineStartAt, type Span } from '../text';
import { isUnknown } from './explain';
import { EVENT_MEANINGS, FIELD_MEANINGS, FLAG_MEANINGS } from './meanings';
import { blockAround, flowPointAt, nextSegments, statesText, type FlowPoint } from './nextSegments';
import { notationOf, renderSegment } from './notation';

export type CompletionKind = 'segment' | 'event' | 'assertion' | 'keyword' | 'endpoint' | 'state' | 'flag' | 'field' | 'value' | 'symbol';

export interface Completion {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  /** Replaces the text from `start` to `end` (the cursor). */
  readonly insert: string;
  readonly start: number;
  readonly end: number;
  /** A part of `insert` the user will want to type over (a payload, a title). */
  readonly placeholder?: Span;
  readonly sortText: string;
  readonly preselect?: boolean;
}

interface Token {
  readonly kind: Tok;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The tokens of the line before the cursor; undefined when the cursor is in a comment or a string. */
function lineTokens(prefix: string): Token[] | undefined {
  const lx = new Lexer(prefix);
  const out: Token[] = [];
  while (lx.next() !== Tok.EOF) {
    if (lx.kind === Tok.BadString && lx.end >= prefix.trimEnd().length) return undefined;
    out.push({ kind: lx.kind, start: lx.start, end: lx.end, text: lx.value });
  }
  const tail = prefix.slice(out.length ? out[out.length - 1].end : 0);
  return /#|\/\//.test(tail) ? undefined : out;
}

const isWordTok = (k: Tok) => k === Tok.Ident || k === Tok.Word || k === Tok.Number;
const word = (t: Token | undefined, w: string) => t?.kind === Tok.Ident && t.text.toLowerCase() === w;

class Builder {
  readonly items: Completion[] = [];
  constructor(readonly end: number) {}

  add(c: Omit<Completion, 'end' | 'sortText'> & { sortText?: string }): void {
    this.items.push({ ...c, end: this.end, sortText: c.sortText ?? `5${String(this.items.length).padStart(4, '0')}` });
  }
}

export function completions(a: Analysis, offset: number): Completion[] {
  const lineStart = lineStartAt(a.text, offset);
  const prefix = a.text.slice(lineStart, offset);
  const tokens = lineTokens(prefix);
  if (!tokens) return [];
  const last = tokens[tokens.length - 1];
  const partial = last && last.end === prefix.length && isWordTok(last.kind) ? last : undefined;
  const ctx = partial ? tokens.slice(0, -1) : tokens;
  const at = lineStart + (partial ? partial.start : prefix.length);
  const b = new Builder(offset);
  const point = flowPointAt(a, lineStart);

  if (ctx.length === 0) {
    if (partial?.kind !== Tok.Number) lineStartItems(a, b, point, lineStart + prefix.length - prefix.trimStart().length, lineStart);
    return b.items;
  }
  const first = ctx[0];
  // A keyword starts the line unless an arrow or a colon makes it an endpoint name.
  const keyword = (w: string) => word(first, w) && ![Tok.Arrow, Tok.LostArrow, Tok.Colon].includes(ctx[1]?.kind);
  if (keyword('title') || keyword('simultaneous') || first.kind === Tok.RBrace) return [];
  if (keyword('endpoint')) {
    if (ctx.length === 2 || (ctx.length === 3 && ctx[2].kind === Tok.String)) stateItems(b, at);
    return b.items;
  }
  if (keyword('note')) {
    if (ctx.length === 1 || ctx[ctx.length - 1].kind === Tok.Comma) endpointItems(a, b, at);
    return b.items;
  }
  // A segment or an event line: an optional timestamp and `old`, then the head.
  let k = 0;
  if (ctx[k]?.kind === Tok.Number) k++;
  if (word(ctx[k], 'old') && (ctx[k + 1]?.kind === Tok.Ident || (k + 1 === ctx.length && partial))) k++;
  const head = ctx.slice(k);
  const headStart = lineStart + (head[0]?.start ?? (partial ? partial.start : prefix.length));
  if (head.length === 0 || (head[0].kind === Tok.Ident && head.length <= 3 && !head.some((t) => t.kind === Tok.Colon))) {
    if (head.length === 2 && (head[1].kind === Tok.Arrow || head[1].kind === Tok.LostArrow)) endpointItems(a, b, at, head[0].text);
    if (head.length === 0 && k > 0) endpointItems(a, b, at);
    segmentItems(a, b, point, headStart);
    return b.items;
  }
  if (head.length === 2 && head[0].kind === Tok.Ident && head[1].kind === Tok.Colon) {
    if (k === 0) eventAndStateItems(b, point, head[0].text, at);
    return b.items;
  }
  if (head.length >= 4 && head[1].kind !== Tok.Colon && head[3].kind === Tok.Colon) specItems(a, b, point, head[0].text, head.slice(4), at, partial);
  return b.items;
}

function lineStartItems(a: Analysis, b: Builder, p: FlowPoint, start: number, lineStart: number): void {
  segmentItems(a, b, p, start);
  if (blockAround(a, lineStart)) return;
  p.names.forEach((name, i) => {
    const st = p.tcbs[i]?.state ?? State.CLOSED;
    for (const ev of allowedEvents(st)) {
      const w = eventWord(ev);
      b.add({ label: `${name}: ${w}`, kind: 'event', insert: `${name}: ${w}`, start, detail: `${STATE_NAMES[st]} → ${STATE_NAMES[eventTarget(ev)]}`, documentation: EVENT_MEANINGS[ev], sortText: `2${i}${ev}` });
    }
    b.add({ label: `${name}: ${STATE_NAMES[st]}`, kind: 'assertion', insert: `${name}: ${STATE_NAMES[st]}`, start, detail: `assert ${name}'s state here`, sortText: `3${i}` });
  });
  const hasTitle = a.file.statements.some((s) => s.kind === 'title');
  const keyword = (label: string, insert: string, documentation: string, placeholder?: Span) =>
    b.add({ label, kind: 'keyword', insert, start, documentation, placeholder, sortText: `4${label}` });
  if (!hasTitle) keyword('title', 'title "flow"', 'The title of the flow.', { start: 7, end: 11 });
  keyword('endpoint', 'endpoint ', 'Declares an endpoint: `endpoint NAME ["label"] [STATE]`.');
  keyword('note', 'note ', 'A note over one or two endpoints: `note NAME ["," NAME] "text"`.');
  const eol = eolOf(a.text);
  const body = `simultaneous {${eol}  `.length;
  keyword('simultaneous', `simultaneous {${eol}  ${eol}}`, 'Segments sent at the same time: all are sent first, then all delivered (simultaneous open or close).', { start: body, end: body });
  keyword('old', 'old ', 'An old duplicate from an earlier incarnation: delivered only, no sender rules.');
}

function segmentItems(a: Analysis, b: Builder, p: FlowPoint, start: number): void {
  const n = notationOf(a);
  const seen = new Set<string>();
  nextSegments(a, p).forEach((pr, i) => {
    const r = renderSegment(n, pr);
    if (seen.has(r.text)) return;
    seen.add(r.text);
    b.add({
      label: r.text, kind: 'segment', insert: r.text, start, placeholder: r.placeholder, preselect: i === 0,
      detail: pr.why, documentation: `Before this line: ${escapeMarkdown(statesText(p))}`, sortText: `1${String(i).padStart(3, '0')}`,
    });
  });
}

function endpointItems(a: Analysis, b: Builder, start: number, except?: string): void {
  const names = a.result.endpoints.map((e) => e.name).filter((n) => n !== except);
  for (const name of names) b.add({ label: name, kind: 'endpoint', insert: name, start, detail: 'endpoint' });
}

const EVENT_TARGET: Record<EventName, State> = { listen: State.LISTEN, close: State.CLOSED, timeout: State.CLOSED, wait2msl: State.CLOSED };
const eventTarget = (e: EventName) => EVENT_TARGET[e];
const eventWord = (e: EventName) => (e === 'wait2msl' ? 'wait 2MSL' : e);

/** The events the state allows (timeout always does; it is listed last). */
function allowedEvents(st: State): EventName[] {
  const out: EventName[] = [];
  if (st === State.CLOSED) out.push('listen');
  if (st === State.LISTEN || st === State.SYN_SENT) out.push('close');
  if (st === State.TIME_WAIT) out.push('wait2msl');
  if (st !== State.CLOSED) out.push('timeout');
  return out;
}

function eventAndStateItems(b: Builder, p: FlowPoint, name: string, start: number): void {
  const i = p.names.indexOf(name);
  const st = i >= 0 ? p.tcbs[i]?.state : undefined;
  const allowed = st === undefined ? [] : allowedEvents(st);
  for (const ev of ['listen', 'close', 'timeout', 'wait2msl'] as EventName[]) {
    const ok = allowed.includes(ev);
    b.add({ label: eventWord(ev), kind: 'event', insert: eventWord(ev), start, documentation: EVENT_MEANINGS[ev], detail: ok ? `${STATE_NAMES[st!]} → ${STATE_NAMES[eventTarget(ev)]}` : 'event', sortText: `${ok ? 1 : 3}${ev}` });
  }
  stateItems(b, start, st, name);
}

function stateItems(b: Builder, start: number, current?: State, name?: string): void {
  for (const s of ALL_STATES) {
    const here = s === current;
    b.add({
      label: STATE_NAMES[s], kind: 'state', insert: STATE_NAMES[s], start, preselect: here,
      detail: here ? `${name} is ${STATE_NAMES[s]} here` : 'state', documentation: `RFC 9293 §3.3.2: ${STATE_MEANINGS[s]}`,
      sortText: `${here ? 0 : 2}${String(s).padStart(2, '0')}`,
    });
  }
}

function specItems(a: Analysis, b: Builder, p: FlowPoint, sender: string, spec: Token[], at: number, partial: Token | undefined): void {
  const i = p.names.indexOf(sender);
  const tcb = i >= 0 ? p.tcbs[i] : undefined;
  const last = spec[spec.length - 1];
  // After `key=`: a value, written tight.
  if (last?.kind === Tok.Equals && spec[spec.length - 2]?.kind === Tok.Ident && !partialSpaced(partial, last)) {
    const key = spec[spec.length - 2].text.toLowerCase();
    if (key === 'seq' || key === 'ack') valueItems(a, b, p, sender, key, at, false, tcb?.sndNxt, tcb?.rcvNxt);
    return;
  }
  // Inside an open `ACK(` / `SYN(`: a value, spaces allowed.
  const open = openCall(spec);
  if (open) {
    valueItems(a, b, p, sender, open === 'ACK' ? 'ack' : 'seq', at, true, tcb?.sndNxt, tcb?.rcvNxt);
    return;
  }
  const written = new Set(spec.filter((t) => t.kind === Tok.Ident).map((t) => t.text.toUpperCase()));
  const keys = new Set(spec.filter((t, j) => t.kind === Tok.Ident && spec[j + 1]?.kind === Tok.Equals).map((t) => t.text.toLowerCase()));
  const mayAck = tcb === undefined || MAY_SEND[tcb.state].includes('ACK') || tcb.state === State.SYN_RCVD;
  FLAG_NAMES.forEach((f, j) => {
    if (written.has(f)) return;
    b.add({ label: f, kind: 'flag', insert: f, start: at, documentation: FLAG_MEANINGS[f], detail: 'flag', sortText: `1${f === 'ACK' && mayAck ? 0 : 1}${j}` });
  });
  const n = notationOf(a);
  if (!written.has('ACK') && tcb?.rcvNxt !== undefined && !isUnknown(tcb.rcvNxt)) {
    const v = formatNum(tcb.rcvNxt, true);
    b.add({ label: `ACK(${v})`, kind: 'flag', insert: `ACK(${v})`, start: at, detail: `${sender}'s RCV.NXT`, documentation: FLAG_MEANINGS.ACK, sortText: n.article ? '00' : '30' });
  }
  for (const key of KNOWN_FIELDS) {
    if (keys.has(key)) continue;
    const value = key === 'seq' ? tcb?.sndNxt : key === 'ack' ? tcb?.rcvNxt : undefined;
    const known = value !== undefined && !isUnknown(value);
    const insert = known ? `${key}=${formatNum(value)}` : `${key}=`;
    b.add({ label: insert, kind: 'field', insert, start: at, documentation: FIELD_MEANINGS[key], detail: known ? `${sender}'s ${key === 'seq' ? 'SND.NXT' : 'RCV.NXT'}` : 'field', sortText: `${n.article ? 3 : 2}${KNOWN_FIELDS.indexOf(key)}` });
  }
}

/** A partial value typed after `=` with a blank in between is no value of that key. */
function partialSpaced(partial: Token | undefined, eq: Token): boolean {
  return partial !== undefined && partial.start !== eq.end;
}

/** The flag of a call whose `(` is still open before the cursor. */
function openCall(spec: Token[]): 'ACK' | 'SYN' | 'FIN' | 'RST' | undefined {
  for (let j = spec.length - 1; j >= 0; j--) {
    if (spec[j].kind === Tok.RParen) return undefined;
    if (spec[j].kind === Tok.LParen) {
      const f = spec[j - 1]?.text.toUpperCase();
      return f === 'ACK' || f === 'SYN' || f === 'FIN' || f === 'RST' ? f : undefined;
    }
  }
  return undefined;
}

function valueItems(a: Analysis, b: Builder, p: FlowPoint, sender: string, field: 'seq' | 'ack', at: number, spaced: boolean, sndNxt?: Num, rcvNxt?: Num): void {
  const expected = field === 'seq' ? sndNxt : rcvNxt;
  if (expected !== undefined && !isUnknown(expected)) {
    const v = formatNum(expected, spaced);
    b.add({ label: v, kind: 'value', insert: v, start: at, preselect: true, detail: `${sender}'s ${field === 'seq' ? 'SND.NXT' : 'RCV.NXT'}`, sortText: '0' });
  }
  const fin = receivedFin(p, sender);
  if (field === 'ack' && fin !== undefined && rcvNxt !== undefined && diff(rcvNxt, add(fin, 1)) === 0) {
    const v = spaced ? 'FIN + 1' : 'FIN+1';
    b.add({ label: v, kind: 'value', insert: v, start: at, detail: `the FIN ${sender} received, + 1`, documentation: `${code('FIN')} is the sequence number of the latest FIN ${escapeMarkdown(sender)} received; its acknowledgment is ${code('FIN + 1')}.`, sortText: '1' });
  }
  for (const s of a.result.symbols.values()) {
    b.add({ label: s.name, kind: 'symbol', insert: s.name, start: at, detail: s.value === s.name ? 'symbol (symbolic)' : `symbol = ${s.value}`, sortText: `2${s.name}` });
  }
}

/** Where the FIN the sender received last sits, if the last segment delivered to it was a FIN. */
function receivedFin(p: FlowPoint, sender: string): Num | undefined {
  const last = p.last;
  const seg = last?.segment;
  if (!seg || last!.stmt.kind !== 'segment' || last!.stmt.dst.text !== sender || !(seg.flags & Flag.FIN)) return undefined;
  return add(seg.seq, seg.len);
}
