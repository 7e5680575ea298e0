// Protocol fidelity, specification v1.2: state spellings everywhere a state is
// expected, SYN once the handshake is done, the two-way-handshake mistake on
// its own line, the numbers of an answering RST, SYN in a passive SYN_RCVD,
// keep-alives, user-facing wording, and the RFC 9293 figures.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze, type Analysis } from '../server/src/language/analysis';
import { hover } from '../server/src/language/services/hover';
import { codeLenses } from '../server/src/language/services/codeLenses';
import { inlayHints } from '../server/src/language/services/inlayHints';
import { formatNum } from '../server/src/language/tcp/seqnum';
import { ALL_STATES, State, STATE_NAMES } from '../server/src/language/tcp/states';
import { transition } from '../server/src/language/tcp/transitions';
import { EXAMPLES, flowFiles, ROOT } from './helpers';
import { applyEdits } from './services/util';

const HANDSHAKE = 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=101\nA -> B : ACK seq=101 ack=301\n';

/** Codes reported (hints left out), sorted. */
const codes = (a: Analysis) => a.diagnostics().filter((d) => d.severity !== 'hint').map((d) => d.code).sort();
const lineOf = (a: Analysis, offset: number) => a.lines.position(offset).line + 1;
const last = (a: Analysis) => a.result.steps[a.result.steps.length - 1];
const states = (a: Analysis) => last(a).after.map((t) => STATE_NAMES[t.state]).join(' ');
const finding = (a: Analysis, code: string) => {
  const f = a.findings.find((x) => x.code === code);
  assert.ok(f, `${code} in ${JSON.stringify(a.findings.map((x) => x.code))}`);
  return f;
};

/** Every way to write a state: `_`, `-` or no separator, the digit joined or not, RFC and Linux synonyms, three cases. */
function spellings(s: State): string[] {
  const words = STATE_NAMES[s].split('_');
  const bases = new Set<string>();
  for (const sep of ['_', '-', '']) {
    bases.add(words.join(sep));
    if (/^\d$/.test(words[words.length - 1])) bases.add(words.slice(0, -1).join(sep) + words[words.length - 1]);
  }
  if (s === State.SYN_RCVD) for (const w of ['SYN_RECEIVED', 'SYN-RECEIVED', 'SYNRECEIVED', 'SYN_RECV', 'SYN-RECV']) bases.add(w);
  if (s === State.ESTABLISHED) bases.add('ESTAB');
  const out: string[] = [];
  for (const b of bases) out.push(b, b.toLowerCase(), b.charAt(0) + b.slice(1).toLowerCase());
  return out;
}

describe('state spellings (v1.2 §4): a state name wins over an event word it starts with', () => {
  for (const s of ALL_STATES) {
    it(`${STATE_NAMES[s]}: every spelling, in endpoint lines and assertions`, () => {
      for (const spelled of spellings(s)) {
        const a = analyze(`endpoint A ${spelled}\nendpoint B ESTABLISHED\nA: ${spelled}\n`);
        assert.deepEqual(a.diagnostics().map((d) => `${d.code} ${d.message}`), [], spelled);
        const [decl, , stmt] = a.file.statements;
        assert.equal(decl.kind === 'endpoint' && decl.state, s, `endpoint ${spelled}`);
        // `listen` is always the event (accepted on a LISTEN endpoint); every other spelling asserts.
        if (spelled.toLowerCase() === 'listen') assert.equal(stmt.kind === 'event' && stmt.event, 'listen');
        else assert.ok(stmt.kind === 'assertion' && stmt.state === s, `A: ${spelled} is ${stmt.kind}`);
        assert.equal(a.result.endpoints[0].initial, s);
      }
    });
  }

  it('`Client: CLOSE-WAIT` on a legal flow is a holding assertion, not `close` and junk', () => {
    const a = analyze('Client -> Server: SYN(ISN_Client)\nServer -> Client: SYN(ISN_Server), ACK(ISN_Client + 1)\nClient -> Server: ACK(ISN_Server + 1)\nClient -> Server: FIN\nServer: CLOSE-WAIT\nServer: close-wait\n');
    assert.deepEqual(a.diagnostics(), []);
  });

  for (const st of ['LISTEN', 'SYN_SENT']) {
    it(`in ${st}, \`CLOSE-WAIT\` never runs close: the assertion fails and the state stays`, () => {
      const a = analyze(`endpoint Client ${st}\nendpoint Server LISTEN\nClient: CLOSE-WAIT\n`);
      assert.deepEqual(codes(a), ['TF306']);
      assert.equal(states(a), `${st} LISTEN`);
      assert.match(finding(a, 'TF306').message, /not CLOSE_WAIT/);
    });
  }

  it('`close` alone is still the event, and a hyphenated word that is no state stays an error', () => {
    assert.equal(states(analyze('endpoint A LISTEN\nendpoint B LISTEN\nA: close\n')), 'CLOSED LISTEN');
    assert.ok(codes(analyze('endpoint A LISTEN\nA: close-soon\n')).includes('TF101'));
  });
});

describe('SYN once the handshake is done (v1.2 §5)', () => {
  // The receiver's reaction: a challenge ACK for a new SYN, a re-acknowledgment for one that repeats the SYN it has.
  for (const [who, line, seq, receiver] of [
    ['server', 'B -> A : SYN', '301', 'challenge ACK'],
    ['client', 'A -> B : SYN', '101', 'challenge ACK'],
    ['server, written SYN+ACK with its ISS', 'B -> A : SYN+ACK seq=300 ack=101', '300', 'duplicate: re-acknowledged'],
  ] as const) {
    it(`a SYN from the ${who} in ESTABLISHED is the error "SYN in a synchronized state"`, () => {
      const a = analyze(HANDSHAKE + line);
      assert.deepEqual(codes(a), receiver === 'challenge ACK' ? ['TF313'] : ['TF312', 'TF313'], 'one report: no retransmission, no TF304 besides');
      assert.match(finding(a, 'TF313').message, /SYN in a synchronized state/);
      assert.equal(formatNum(last(a).segment!.seq), seq, 'an omitted seq is SND.NXT, never the ISS');
      assert.equal(last(a).outcome, receiver);
      const f = finding(a, 'TF313');
      assert.equal(a.text.slice(f.start, f.end), 'SYN');
    });
  }

  it('in the article notation, `Server -> Client: SYN` after the handshake is caught', () => {
    const a = analyze('Client -> Server: SYN(ISN_Client)\nServer -> Client: SYN(ISN_Server), ACK(ISN_Client + 1)\nClient -> Server: ACK(ISN_Server + 1)\nServer -> Client: SYN\n');
    assert.deepEqual(codes(a), ['TF313']);
    assert.equal(formatNum(last(a).segment!.seq), 'ISN_Server+1');
  });

  it('a SYN+ACK is a retransmission only while the sender\'s SYN is unacknowledged', () => {
    assert.deepEqual(codes(analyze('A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=101\nB -> A : SYN+ACK seq=300 ack=101\n')), ['TF312', 'TF405']);
    assert.deepEqual(codes(analyze(HANDSHAKE + 'B -> A : SYN+ACK seq=300 ack=101\n')), ['TF312', 'TF313']);
  });

  it('property: after the handshake, any SYN from either side, whatever its seq, is TF313 and changes no state', () => {
    fc.assert(fc.property(fc.boolean(), fc.boolean(), fc.option(fc.integer({ min: 0, max: 0xffffffff })), (fromA, withAck, seq) => {
      const line = `${fromA ? 'A -> B' : 'B -> A'} : SYN${withAck ? '+ACK' : ''}${seq === null ? '' : ` seq=${seq}`}`;
      const a = analyze(HANDSHAKE + line);
      const c = codes(a);
      assert.ok(c.includes('TF313') && !c.includes('TF405') && !c.includes('TF304'), `${line}: ${c}`);
      assert.equal(states(a), 'ESTABLISHED ESTABLISHED');
    }));
  });
});

describe('the two-way-handshake mistake, on the right line (v1.2 §5)', () => {
  const FLOW = 'Client -> Server: SYN(ISN_Client)\nServer -> Client: ACK(ISN_Client + 1)\nClient -> Server: "hello"\n';

  it('an ACK from SYN_RCVD before its SYN is an error on that line, in the article\'s terms', () => {
    const a = analyze(FLOW);
    const errors = a.diagnostics().filter((d) => d.severity === 'error');
    const f = errors.find((d) => lineOf(a, d.start) === 2);
    assert.ok(f, JSON.stringify(errors.map((d) => [lineOf(a, d.start), d.code])));
    assert.equal(f.code, 'TF301');
    assert.equal(a.text.slice(f.start, f.end), 'ACK');
    assert.match(f.message, /Server has not sent its SYN yet, so it has no ISN/);
    assert.match(f.message, /Client cannot acknowledge it/);
    for (const d of a.diagnostics()) assert.doesNotMatch(d.message, /SND\.NXT does not|ISN \?|\w\.(SND|RCV)\.NXT|\w\.ISS/, d.message);
  });

  it('its quick fix sends the SYN with the ACK, in the line\'s notation, and the flow then checks clean', () => {
    const a = analyze(FLOW.split('\n').slice(0, 2).join('\n'));
    const fix = finding(a, 'TF301').fixes?.[0];
    assert.ok(fix);
    const fixed = applyEdits(a.text, fix.edits);
    assert.match(fixed, /Server -> Client: SYN\(ISN_Server\), ACK\(ISN_Client \+ 1\)/);
    assert.deepEqual(analyze(fixed + '\nClient -> Server: ACK(ISN_Server + 1)\nClient -> Server: "hello"').diagnostics(), []);
    const explicit = analyze('A -> B : SYN seq=100\nB -> A : ACK ack=101');
    assert.equal(applyEdits(explicit.text, finding(explicit, 'TF301').fixes![0].edits).split('\n')[1], 'B -> A : SYN+ACK ack=101');
  });

  for (const [what, line] of [['data', 'B -> A : "welcome"'], ['a FIN', 'B -> A : FIN']] as const) {
    it(`${what} from SYN_RCVD before its SYN is an error, and the state does not move`, () => {
      const a = analyze('A -> B : SYN seq=100\n' + line);
      assert.ok(codes(a).includes('TF301'));
      assert.match(finding(a, 'TF301').message, /has not sent its SYN yet/);
      assert.equal(last(a).after[1].state, State.SYN_RCVD);
    });
  }

  it('a SYN_RCVD endpoint that never sent its SYN answers an ACK with RST, in words', () => {
    const a = analyze('A -> B : SYN seq=100\nold A -> B : ACK seq=101 ack=301');
    assert.equal(last(a).outcome, 'answered with RST');
    assert.match(finding(a, 'TF309').message, /has not sent its SYN yet, so it has no ISN/);
  });
});

describe('the numbers of an answering RST are checked (v1.2 §5, RFC 9293 §3.10.7.1–4)', () => {
  const FIG8 = 'endpoint A CLOSED\nendpoint B LISTEN\nA -x B : SYN seq=100\nold A -> B : SYN seq=90\nB -> A : SYN+ACK seq=300 ack=91\n';

  it('Figure 8 with RST seq=300 instead of 91 is an error on the RST, and B stays SYN_RCVD', () => {
    const a = analyze(FIG8 + 'A -> B : RST seq=300');
    assert.deepEqual(codes(a), ['TF309', 'TF314']);
    const f = finding(a, 'TF314');
    assert.equal(lineOf(a, f.start), 6);
    assert.equal(a.text.slice(f.start, f.end), '300');
    assert.equal(f.fixes?.[0].edits[0].newText, '91');
    assert.equal(states(a), 'SYN_SENT SYN_RCVD');
    assert.deepEqual(codes(analyze(FIG8 + 'A -> B : RST seq=91\nB: LISTEN')), ['TF309']);
  });

  it('a RST answering an ACK-less SYN has seq 0 and acknowledges SEG.SEQ + SEG.LEN (a SYN counts one)', () => {
    const refused = 'endpoint A\nendpoint B CLOSED\nA -> B : SYN seq=100 "hi"\n';
    assert.deepEqual(codes(analyze(refused + 'B -> A : RST+ACK seq=0 ack=103\nA: CLOSED')), ['TF309']);
    assert.deepEqual(codes(analyze(refused + 'B -> A : RST')), ['TF309']);
    const badSeq = analyze(refused + 'B -> A : RST+ACK seq=7 ack=103');
    assert.deepEqual(codes(badSeq), ['TF309', 'TF314']);
    assert.match(finding(badSeq, 'TF314').message, /has no ACK, so the RST has seq 0/);
    const badAck = analyze(refused + 'B -> A : RST+ACK seq=0 ack=101');
    assert.ok(codes(badAck).includes('TF314'));
    assert.equal(badAck.text.slice(finding(badAck, 'TF314').start, finding(badAck, 'TF314').end), '101');
  });

  it('property: an answering RST checks clean exactly when its seq is the answered ack', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seq) => {
      const a = analyze(FIG8 + `A -> B : RST seq=${seq}`);
      assert.equal(codes(a).includes('TF314'), seq !== 91, String(seq));
    }));
  });
});

describe('SYN in SYN_RCVD (RFC 9293 §3.10.7.4, fourth)', () => {
  it('reached from LISTEN: a new SYN returns it to LISTEN, not a challenge ACK', () => {
    const a = analyze('A -> B : SYN seq=100\nold A -> B : SYN seq=500');
    assert.deepEqual(codes(a), ['TF310']);
    assert.equal(last(a).outcome, 'dropped: back to LISTEN');
    assert.equal(states(a), 'SYN_SENT LISTEN');
    assert.equal(transition(State.SYN_RCVD, 'recv SYN', true)?.to, State.LISTEN);
  });

  it('reached from SYN_SENT (simultaneous open): a challenge ACK, as in synchronized states', () => {
    const a = analyze('simultaneous {\n A -> B : SYN seq=1\n B -> A : SYN seq=7\n}\nold A -> B : SYN seq=500');
    assert.deepEqual(codes(a), ['TF304']);
    assert.equal(states(a), 'SYN_RCVD SYN_RCVD');
  });

  it('a retransmission of the peer\'s SYN is still a duplicate', () => {
    assert.equal(states(analyze('A -> B : SYN seq=100\nold A -> B : SYN seq=100')), 'SYN_SENT SYN_RCVD');
  });
});

describe('keep-alive needs nothing outstanding (SND.UNA = SND.NXT)', () => {
  it('seq = SND.NXT − 1 with one byte while data is unacknowledged is a retransmission', () => {
    const a = analyze(HANDSHAKE + 'A -> B : "abc"\nA -> B : seq=103 "c"');
    assert.ok(codes(a).includes('TF405'));
    assert.ok(!codes(a).includes('TF408'));
  });

  it('an empty segment at SND.NXT − 1 with data outstanding is no keep-alive', () => {
    assert.ok(!codes(analyze(HANDSHAKE + 'A -> B : "abc"\nA -> B : ACK seq=103')).includes('TF408'));
  });

  it('once everything is acknowledged, it is a keep-alive', () => {
    assert.ok(codes(analyze(HANDSHAKE + 'A -> B : "abc"\nB -> A : ACK\nA -> B : ACK seq=103')).includes('TF408'));
  });
});

describe('messages, hovers and hints speak the user\'s symbols', () => {
  const INTERNAL = /\b\w+\.(ISS|SND\.NXT|RCV\.NXT|old)\b|ISN \?|\(\?\)| \? /;
  const FLOWS = [
    ...flowFiles(EXAMPLES).map((f) => readFileSync(f, 'utf8')),
    'Client -> Server: SYN\nServer -> Client: ACK\nClient -> Server: "x"\n',
    'A -> B : FIN\nB -> A : ACK\nold A -> B : RST\n',
    'endpoint A SYN_RCVD\nendpoint B ESTABLISHED\nB -> A : ACK\nA -> B : SYN\n',
  ];

  it('no internal name or "?" in any message, related message, fix title, inlay hint or hover', () => {
    for (const text of FLOWS) {
      const a = analyze(text);
      const shown: string[] = [];
      for (const f of a.findings) shown.push(f.message, ...(f.related ?? []).map((r) => r.message), ...(f.fixes ?? []).map((x) => x.title));
      for (const detail of ['compact', 'full'] as const) for (const h of inlayHints(a, { start: 0, end: text.length }, { detail })) shown.push(h.label, h.tooltip);
      for (const l of codeLenses(a)) shown.push(l.title);
      for (let offset = 0; offset < text.length; offset += 3) {
        const h = hover(a, offset);
        if (h) shown.push(h.markdown);
      }
      for (const s of shown) assert.doesNotMatch(s, INTERNAL, `${s}\n--- in ---\n${text}`);
    }
  });

  it('property: the same holds for any sequence of segments, events and declarations', () => {
    const LINES = [
      'A -> B : SYN', 'B -> A : SYN', 'B -> A : SYN+ACK', 'A -> B : ACK', 'B -> A : ACK', 'A -> B : "data"', 'B -> A : "x"',
      'A -> B : FIN', 'B -> A : FIN', 'A -> B : RST', 'B -> A : RST', 'A -x B : "lost"', 'old A -> B : RST', 'old B -> A : SYN',
      'old A -> B : ACK', 'A -> B : ACK(FIN + 1)', 'B: listen', 'A: close', 'B: timeout', 'endpoint A SYN_RCVD', 'endpoint B LISTEN',
    ];
    fc.assert(fc.property(fc.array(fc.constantFrom(...LINES), { maxLength: 12 }), (lines) => {
      const text = lines.join('\n');
      const a = analyze(text);
      const shown = a.findings.flatMap((f) => [f.message, ...(f.related ?? []).map((r) => r.message)]);
      shown.push(...a.result.inferences.map((i) => i.label));
      for (const m of shown) assert.doesNotMatch(m, INTERNAL, `${m}\n--- in ---\n${text}`);
    }), { numRuns: 400 });
  });

  it('a symbolic ISN is named once ("its SYN (ISN_Client)"), a number with the word ISN', () => {
    const symbolic = analyze('Client -> Server : SYN(ISN_Client)\nServer -> Client : SYN(ISN_Server), ACK(ISN_Client)\n');
    assert.match(finding(symbolic, 'TF309').message, /does not acknowledge its SYN \(ISN_Client\)/);
    const numeric = analyze('Client -> Server : SYN seq=100\nServer -> Client : SYN+ACK seq=300 ack=100\n');
    assert.match(finding(numeric, 'TF309').message, /does not acknowledge its SYN \(ISN 100\)/);
  });

  it('CLOSED calls only a bare SYN a refused connection; other segments show a half-open connection (Figure 10)', () => {
    assert.match(finding(analyze('endpoint A SYN_SENT\nendpoint B CLOSED\nA -> B : SYN seq=100\n'), 'TF309').message, /connection refused/);
    const halfOpen = finding(analyze('endpoint A ESTABLISHED\nendpoint B CLOSED\nA -> B : "data" seq=100 ack=300\n'), 'TF309').message;
    assert.doesNotMatch(halfOpen, /refused/);
    assert.match(halfOpen, /half-open/);
  });

  it('an unknown number is named in words after its endpoint', () => {
    const a = analyze('Client -> Server : SYN\n');
    assert.deepEqual(a.result.inferences.filter((i) => i.kind === 'seq').map((i) => i.label), ["seq=Client's ISN"]);
  });
});

describe('examples/rfc9293: Figures 6–13 as the RFC draws them', () => {
  const TITLES: Record<number, string> = {
    6: 'Basic Three-Way Handshake for Connection Synchronization',
    7: 'Simultaneous Connection Synchronization',
    8: 'Recovery from Old Duplicate SYN',
    9: 'Half-Open Connection Discovery',
    10: 'Active Side Causes Half-Open Connection Discovery',
    11: 'Old Duplicate SYN Initiates a Reset on Two Passive Sockets',
    12: 'Normal Close Sequence',
    13: 'Simultaneous Close Sequence',
  };
  const figures = flowFiles(join(EXAMPLES, 'rfc9293'));
  const language = readFileSync(join(ROOT, 'docs', 'language.md'), 'utf8');

  for (const [n, title] of Object.entries(TITLES)) {
    it(`Figure ${n}: written, checked clean (examples.test.ts), a student mistake beside it, linked from docs/language.md`, () => {
      const file = figures.find((f) => readFileSync(f, 'utf8').startsWith(`# RFC 9293 Figure ${n}: ${title}\n`));
      assert.ok(file, `examples/rfc9293 has Figure ${n}`);
      const name = file.slice(EXAMPLES.length + 1);
      assert.ok(language.includes(`../examples/${name}`), `docs/language.md links ${name}`);
      const mistake = flowFiles(join(EXAMPLES, 'errors')).find((f) => f.includes(`/rfc9293-figure-${n.padStart(2, '0')}-`));
      assert.ok(mistake, `examples/errors has the mistake on Figure ${n}`);
      assert.ok(language.includes(`../examples/${mistake.slice(EXAMPLES.length + 1)}`), `docs/language.md links the mistake on Figure ${n}`);
    });
  }

  it('docs/language.md cites RFC 9293 figure numbers, not RFC 793\'s', () => {
    for (const m of language.matchAll(/RFC 9293,? [Ff]igures? (\d+)(?: and (\d+))?/g)) {
      for (const n of [m[1], m[2]].filter(Boolean)) assert.ok(Number(n) >= 6 && Number(n) <= 13, m[0]);
    }
    assert.doesNotMatch(language, /old duplicate SYN \(RFC 9293, figure 9\)|figures 8 and 14/i);
  });
});
