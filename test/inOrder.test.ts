// The shortcut for common segments (data and ACKs in order between two
// ESTABLISHED endpoints, check/inOrder.ts) gives what the sender's and the
// receiver's rules give: the same findings, inferences, steps and TCBs, over
// the examples and fixtures, generated flows, and random exchanges whose
// numbers are right most of the time and a little wrong now and then.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { generateFlow } from '../bench/generate';
import { analyze, takeOver, type Analysis } from '../server/src/language/analysis';
import { reanalyze } from '../server/src/language/incremental';
import { exchangeInOrder } from '../server/src/language/check/inOrder';
import { Flag } from '../server/src/language/syntax/ast';
import { State } from '../server/src/language/tcp/states';
import { newTcb } from '../server/src/language/tcp/tcb';
import { EXAMPLES, ROOT, flowFiles } from './helpers';

/** Everything a check yields, as data (statements by their start), with the TCBs it saved on the way (their lists too). */
function results(a: Analysis): string {
  const { findings, result } = a;
  const steps = result.steps.map((s) => ({ n: s.n, at: s.stmt.start, endpoint: s.endpoint, outcome: s.outcome, before: s.before, after: s.after, segment: s.segment }));
  const tcbs = takeOver(a)!.run.log!.checkpoints.map((c) => c.tcbs);
  return JSON.stringify({ findings, inferences: result.inferences, endpoints: result.endpoints, steps, symbols: [...result.symbols], tcbs }, (_k, v) =>
    v instanceof Object && 'kind' in v && typeof v.start === 'number' ? v.start : v instanceof Object && 'toArray' in v ? v.toArray() : v);
}

function assertSameResults(text: string): void {
  assert.equal(results(analyze(text)), results(analyze(text, { common: false })), JSON.stringify(text.slice(0, 2000)));
}

const U32 = 2 ** 32;
const wrap = (n: number) => ((n % U32) + U32) % U32;

/** One segment of a random exchange: who sends, what, and how its numbers stray from the right ones. */
const segment = fc.record({
  from: fc.nat(1),
  kind: fc.constantFrom('ack', 'data', 'data', 'payload', 'fin', 'rst', 'syn', 'resend', 'resend'),
  len: fc.constantFrom(0, 1, 2, 100, 1448),
  seqOff: fc.constantFrom(0, 0, 0, 0, 0, 0, 1, -1, 100, -100),
  ackOff: fc.constantFrom(0, 0, 0, 0, 0, 0, 1, -1, 2000),
  lost: fc.constantFrom(false, false, false, false, false, true),
  write: fc.constantFrom('both', 'both', 'both', 'both', 'seq', 'symbol', 'call', 'noack'),
  flags: fc.constantFrom('PSH+ACK', 'ACK', 'ACK', 'URG+ACK', 'ECE+CWR+ACK'),
  assert: fc.constantFrom('', '', '', '', '', 'ESTABLISHED', 'CLOSE_WAIT'),
});

/**
 * A flow: a handshake (ISNs anywhere, wrapping around 2^32 included) or a
 * start mid-connection, then segments from a writer who mostly gets the
 * numbers right, resends what was lost, and tracks what each side has
 * received in order (segments after a gap wait for it to fill).
 */
const exchange = fc.record({
  isn: fc.tuple(fc.oneof(fc.nat(), fc.constant(U32 - 3)), fc.oneof(fc.nat(), fc.constant(U32 - 1))),
  handshake: fc.constantFrom(true, true, true, false),
  segments: fc.array(segment, { maxLength: 100 }),
}).map(({ isn, handshake, segments }) => {
  const names = ['Client', 'Server'];
  const snd = [wrap(isn[0] + 1), wrap(isn[1] + 1)];
  const lines = handshake
    ? ['endpoint Client', 'endpoint Server LISTEN', `Client -> Server : SYN seq=${isn[0]}`, `Server -> Client : SYN+ACK seq=${isn[1]} ack=${snd[0]}`, `Client -> Server : ACK seq=${snd[0]} ack=${snd[1]}`]
    : ['endpoint Client ESTABLISHED', 'endpoint Server ESTABLISHED'];
  // What each side has received in order, what waits after a gap, and what each side lost.
  const rcv = [snd[1], snd[0]];
  const waiting: [number, number][][] = [[], []];
  const lost: [number, number][][] = [[], []];
  const deliver = (to: number, seq: number, len: number) => {
    waiting[to].push([seq, len]);
    for (let moved = true; moved; ) {
      moved = false;
      for (const [i, [s, n]] of waiting[to].entries()) {
        if (s !== rcv[to]) continue;
        rcv[to] = wrap(rcv[to] + n);
        waiting[to].splice(i, 1);
        moved = true;
        break;
      }
    }
  };
  for (const s of segments) {
    const me = s.from;
    const peer = 1 - me;
    const resend = s.kind === 'resend' ? lost[me].shift() : undefined;
    const seq = resend ? resend[0] : wrap(snd[me] + s.seqOff);
    const ack = wrap(rcv[me] + s.ackOff);
    const len = resend ? resend[1] : s.kind === 'payload' ? 3 : s.kind === 'data' ? s.len : 0;
    const fin = s.kind === 'fin' ? 1 : 0;
    const flags = fin ? 'FIN+ACK' : s.kind === 'rst' ? 'RST' : s.kind === 'syn' ? 'SYN' : s.flags;
    const body = s.write === 'call' ? `${flags.replace('+ACK', '')}, ACK(${ack})`.replace(/^ACK, /, '') : s.write === 'symbol' ? `${flags} seq=S${me} ack=${ack}` : s.write === 'seq' ? `${flags} seq=${seq}` : s.write === 'noack' ? `${flags} seq=${seq}` : `${flags} seq=${seq} ack=${ack}`;
    const data = s.kind === 'payload' ? ' "abc"' : len ? ` len=${len}` : '';
    const isLost = s.lost && !resend;
    lines.push(`${names[me]} ${isLost ? '-x' : '->'} ${names[peer]} : ${body}${data}`);
    if (s.assert) lines.push(`${names[peer]}: ${s.assert}`);
    if (!resend) snd[me] = wrap(seq + len + fin);
    if (isLost) lost[me].push([seq, len + fin]);
    else if (len + fin) deliver(peer, seq, len + fin);
  }
  return lines.join('\n') + '\n';
});

describe('common segments checked on their numbers', () => {
  it('give the general results: examples, fixtures, fidelity flows and generated flows', () => {
    const texts = [...flowFiles(EXAMPLES), ...flowFiles(join(ROOT, 'test'))].map((f) => readFileSync(f, 'utf8'));
    const generated = generateFlow(80_000);
    texts.push(generated, generated.replace(/^(\S+ Server) -> (Client : PSH\+ACK)/m, '$1 -x $2'));
    for (const text of texts) assertSameResults(text);
  });

  it('give the general results: random exchanges, mostly right', () => {
    fc.assert(fc.property(exchange, assertSameResults), { numRuns: 1500 });
  });

  it('keep snapshots that read the same in any order, and after a compaction', () => {
    // Their after-snapshots are derived from the one before when read (a written one every few dozen steps): reading backwards or at random derives again.
    const text = generateFlow(60_000);
    const forward = JSON.stringify(analyze(text).result.steps.map((s) => [s.before, s.after, s.states]));
    const steps = analyze(text).result.steps;
    const backward = steps.map((_s, i) => steps[steps.length - 1 - i]).map((s) => [s.before, s.after, s.states]).reverse();
    assert.equal(JSON.stringify(backward), forward);
    // Edits that replay every step after them, one after another, make the timeline compact itself: its derived rows are written then.
    let a = analyze(text);
    // The server's first data segment lost and found again: every segment after it waits behind the gap, then flows in order again.
    const arrow = text.indexOf('Server -> Client : PSH') + 'Server -'.length;
    for (let i = 0; i < 4; i++) a = reanalyze(a, [{ start: arrow, end: arrow + 1, text: i % 2 ? '>' : 'x' }]);
    assert.equal(JSON.stringify(a.result.steps.map((s) => [s.before, s.after, s.states])), JSON.stringify(analyze(a.text).result.steps.map((s) => [s.before, s.after, s.states])));
  });

  it('change nothing when they refuse a segment', () => {
    const num = fc.oneof(fc.constant(undefined), fc.constantFrom(0, 1, 100, 101, 1100, U32 - 1), fc.nat());
    const tcb = fc.record({
      state: fc.constantFrom(State.ESTABLISHED, State.ESTABLISHED, State.CLOSE_WAIT, State.FIN_WAIT_1, State.SYN_RCVD),
      sndUna: num, sndNxt: num, rcvNxt: num, fin: fc.constantFrom(undefined, undefined, 5), peerFin: fc.constantFrom(undefined, undefined, 7),
      lost: fc.constantFrom(0, 0, 1), ooo: fc.constantFrom(0, 0, 1),
    }).map((r) => {
      const t = newTcb(r.state);
      Object.assign(t, { sndUna: r.sndUna, sndNxt: r.sndNxt, rcvNxt: r.rcvNxt, fin: r.fin, peerFin: r.peerFin });
      const seg = { flags: Flag.ACK, seq: 1, ack: 1, len: 0, segLen: 0, stmt: undefined as never };
      if (r.lost) t.lost.push(seg);
      if (r.ooo) t.ooo = t.ooo.push(seg);
      return t;
    });
    const flags = fc.constantFrom(Flag.ACK, Flag.ACK | Flag.PSH, Flag.SYN, Flag.FIN | Flag.ACK, Flag.RST, 0);
    fc.assert(fc.property(tcb, tcb, flags, num, num, fc.constantFrom(0, 1, 1448, 2 ** 31), (me, peer, f, seq, ack, len) => {
      const before = JSON.stringify([me, peer]);
      if (!exchangeInOrder(me, peer, f, seq ?? 0, ack ?? 0, len)) assert.equal(JSON.stringify([me, peer]), before);
    }), { numRuns: 5000 });
  });
});
