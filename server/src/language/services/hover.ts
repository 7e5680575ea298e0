// Hovers: what the thing under the cursor means here, in Markdown. A segment
// shows both endpoints' states before → after, its numbers and how they were
// resolved, its flags, and what the receiver did.
import type { Analysis } from '../analysis';
import { usesOf } from '../check/names';
import type { Endpoint, Step } from '../check/result';
import { flagsText } from '../describe';
import { code, escapeMarkdown } from '../markdown';
import type { SegmentStmt, Statement } from '../syntax/ast';
import { add, formatNum } from '../tcp/seqnum';
import { State, STATE_MEANINGS, STATE_NAMES } from '../tcp/states';
import type { Span } from '../text';
import { explainNumbers, type NumberExplanation } from './explain';
import { lastAtOrBefore, stepOf, targetAt, type Target } from './locate';
import { EVENT_MEANINGS, FIELD_MEANINGS, FLAG_MEANINGS } from './meanings';

export interface Hover extends Span {
  readonly markdown: string;
}

export function hover(a: Analysis, offset: number): Hover | undefined {
  const target = targetAt(a, offset);
  if (!target) return undefined;
  return { start: target.span.start, end: target.span.end, markdown: describe(a, target, offset) };
}

/**
 * Anywhere on a segment, the transition comes first and the term under the
 * cursor after it; on a finding, the transition alone (the editor shows the
 * finding itself, and facts about the term would only distract from it).
 */
function describe(a: Analysis, t: Target, offset: number): string {
  const stmt = t.kind !== 'segment' && t.stmt.kind === 'segment' ? t.stmt : undefined;
  if (!stmt) return describeTarget(a, t);
  const transition = segmentHover(a, stmt);
  return onFinding(a, stmt, offset) ? transition : `${transition}\n\n---\n\n${describeTarget(a, t)}`;
}

function onFinding(a: Analysis, stmt: SegmentStmt, offset: number): boolean {
  const findings = a.findings;
  for (let i = lastAtOrBefore(findings, offset, (f) => f.start); i >= 0 && findings[i].start >= stmt.start; i--) {
    if (findings[i].end >= offset) return true;
  }
  return false;
}

/** The hover of a term; on a segment, the part after its transition (which already gives the numbers and states). */
function describeTarget(a: Analysis, t: Target): string {
  switch (t.kind) {
    case 'segment': return segmentHover(a, t.stmt);
    case 'endpoint': return endpointHover(a, t.span.text, t.stmt);
    case 'symbol': return symbolHover(a, t.span.name);
    case 'word': return `**${t.span.word}**: the sequence number that the most recent ${t.span.word} ${code(t.stmt.src.text)} received occupies`;
    case 'flag': return flagHover(t);
    case 'field': return fieldHover(t);
    case 'payload': return payloadHover(a, t.stmt);
    case 'state': return stateHover(a, t);
    case 'event': return eventHover(a, t);
  }
}

const lineOf = (a: Analysis, offset: number) => a.lines.position(offset).line + 1;
const stateName = (s: State) => STATE_NAMES[s];

function stateChanges(a: Analysis, step: Step): string[] {
  return a.result.endpoints.map((e, i) => {
    const before = step.before[i]?.state;
    const after = step.after[i]?.state;
    if (before === undefined || after === undefined) return `- ${code(e.name)}: ?`;
    return before === after ? `- ${code(e.name)}: ${stateName(before)} (unchanged)` : `- ${code(e.name)}: ${stateName(before)} → **${stateName(after)}**`;
  });
}

const numberLine = (n: NumberExplanation) =>
  `- ${n.field} ${code(n.value)}${n.how ? ` = ${n.how}` : ''}${n.written ? '' : ' *(inferred)*'}`;

function flagsLine(stmt: SegmentStmt, flags: number): string {
  const implied = flags & ~stmt.spec.flags;
  return `- flags ${code(flagsText(flags))}${implied ? ` *(${flagsText(implied)} implied)*` : ''}`;
}

function segmentHover(a: Analysis, stmt: SegmentStmt): string {
  const how = stmt.old ? ' · old duplicate' : stmt.lost ? ' · lost' : '';
  const head = `**${code(stmt.src.text)} → ${code(stmt.dst.text)}**${how}`;
  const step = stepOf(a, stmt);
  const seg = step?.segment;
  if (!step || !seg) return `${head}\n\nNot replayed: the line has an error (see its diagnostics).`;
  const lines = [head, '', ...stateChanges(a, step), flagsLine(stmt, seg.flags), ...explainNumbers(a, step).map(numberLine)];
  if (seg.len) lines.push(`- len ${seg.len}`);
  lines.push(stmt.lost ? `- never delivered: ${code(stmt.dst.text)} does not see it` : `- ${code(stmt.dst.text)}: ${escapeMarkdown(step.outcome ?? 'not delivered')}`);
  return lines.join('\n');
}

function initialReason(a: Analysis, e: Endpoint): string {
  if (!e.initialInferred) return `declared on line ${lineOf(a, e.decl!.start)}`;
  const states = a.result.endpoints.map((x) => x.initial);
  switch (e.initial) {
    case State.CLOSED: return states.every((s) => s === State.CLOSED) ? 'inferred: no segment, or both ends open with a SYN' : 'inferred: it sends the first SYN';
    case State.LISTEN: return 'inferred: its peer sends the first SYN';
    case State.SYN_RCVD: return 'inferred: the flow starts with its SYN+ACK';
    case State.SYN_SENT: return 'inferred: the flow starts with its peer\'s SYN+ACK';
    default: return 'inferred: the flow starts mid-connection';
  }
}

function endpointHover(a: Analysis, name: string, stmt: Statement): string {
  const i = a.result.endpoints.findIndex((e) => e.name === name);
  if (i < 0) return `${code(name)} is not an endpoint of this flow (${a.result.endpoints.map((e) => code(e.name)).join(', ') || 'none'}).`;
  const e = a.result.endpoints[i];
  const lines = [`**${code(e.name)}** endpoint${e.label !== undefined ? ` ${code(`"${e.label}"`)}` : ''}`, ''];
  lines.push(`- starts **${stateName(e.initial)}** (${initialReason(a, e)})`);
  const step = stmt.kind === 'event' || stmt.kind === 'assertion' ? stepOf(a, stmt) : undefined;
  if (step?.before[i] && step.after[i]) {
    const b = step.before[i].state;
    const af = step.after[i].state;
    lines.push(`- here: ${b === af ? stateName(b) : `${stateName(b)} → **${stateName(af)}**`}`);
  }
  const uses = usesOf(a.file, e);
  lines.push(`- written ${uses} time${uses === 1 ? '' : 's'}`);
  return lines.join('\n');
}

function symbolHover(a: Analysis, name: string): string {
  const info = a.result.symbols.get(name);
  if (!info) return `**${code(name)}** symbol: not evaluated (its line has an error).`;
  const first = lineOf(a, info.uses[0].start);
  const bound = info.value === name
    ? [`**${code(name)}** symbol: nothing pins it to a number, so the numbers derived from it stay symbolic`, '', `- first used on line ${first}`]
    : [`**${code(name)}** symbol ${code(`= ${info.value}`)}`, '', `- bound on line ${first}, by its first use, to the value that makes that use correct`];
  return [...bound, `- used ${info.uses.length} time${info.uses.length === 1 ? '' : 's'}`].join('\n');
}

function flagHover(t: Extract<Target, { kind: 'flag' }>): string {
  const lines = [`**${t.flag}**: ${FLAG_MEANINGS[t.flag]}`];
  if (t.item.kind === 'call') lines.push('', `${code(`${t.flag}(…)`)} sets the flag and ${t.flag === 'ACK' ? 'ack' : 'seq'}.`);
  return lines.join('\n');
}

function fieldHover(t: Extract<Target, { kind: 'field' }>): string {
  const meaning = FIELD_MEANINGS[t.key];
  const lines = [meaning ? `**${t.key}**: ${meaning}` : `${code(t.key)}: not a field tcpflow knows; it is ignored`];
  if (t.key === 'seq' || t.key === 'ack') {
    const effective = t.key === 'seq' ? t.stmt.spec.seq : t.stmt.spec.ack;
    const mine = t.item.kind === 'call' || t.item.kind === 'field' ? t.item.expr : undefined;
    // Items are parsed again for a hover: the one that counts is known by where it starts.
    if (effective && mine?.start !== effective.start) lines.push('', 'Ignored: the first one written counts.');
  }
  return lines.join('\n');
}

function payloadHover(a: Analysis, stmt: SegmentStmt): string {
  const seg = stepOf(a, stmt)?.segment;
  if (!seg) return '**payload**';
  const first = formatNum(seg.seq);
  const range = seg.len ? `, sequence numbers ${code(first)} … ${code(formatNum(add(seg.seq, seg.len - 1)))}` : '';
  return `**payload**: ${seg.len} byte${seg.len === 1 ? '' : 's'}${range}`;
}

function stateHover(a: Analysis, t: Extract<Target, { kind: 'state' }>): string {
  if (t.state === undefined) return `${code(t.span.text)} is not a state name.`;
  const lines = [`**${stateName(t.state)}** (RFC 9293 §3.3.2): ${STATE_MEANINGS[t.state]}`];
  if (t.stmt.kind === 'endpoint') lines.push('', `The initial state of ${code(t.stmt.name.text)}.`);
  else {
    const step = stepOf(a, t.stmt);
    const actual = step?.after[step.endpoint]?.state;
    if (actual !== undefined) {
      lines.push('', actual === t.state ? `${code(t.stmt.endpoint.text)} is ${stateName(actual)} here: the assertion holds.` : `${code(t.stmt.endpoint.text)} is **${stateName(actual)}** here.`);
    }
  }
  return lines.join('\n');
}

function eventHover(a: Analysis, t: Extract<Target, { kind: 'event' }>): string {
  const lines = [`**${t.stmt.event === 'wait2msl' ? 'wait 2MSL' : t.stmt.event}**: ${EVENT_MEANINGS[t.stmt.event]}`];
  const step = stepOf(a, t.stmt);
  if (step) {
    const b = step.before[step.endpoint]?.state;
    const af = step.after[step.endpoint]?.state;
    if (b !== undefined && af !== undefined) lines.push('', `${code(t.stmt.endpoint.text)}: ${stateName(b)}${b === af ? ' (unchanged)' : ` → **${stateName(af)}**`}`);
  }
  return lines.join('\n');
}

