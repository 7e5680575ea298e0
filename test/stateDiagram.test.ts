// The state diagram is drawn from the transition table (a row added to the
// table is an edge of the drawing), a flow's path is drawn per endpoint with
// its line numbers up to a step, a refused step points where it tried to go,
// and no user text reaches the Mermaid text unescaped.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../server/src/language/analysis';
import { ENDPOINT_COLOURS, ERROR_COLOUR, toStateDiagram } from '../server/src/language/stateDiagram';
import { State, STATE_NAMES } from '../server/src/language/tcp/states';
import { TRANSITIONS, type Transition } from '../server/src/language/tcp/transitions';
import { EXAMPLES } from './helpers';

const ARTICLE = readFileSync(join(EXAMPLES, 'article-handshake-teardown.tcpflow'), 'utf8');
const id = (s: State) => `S${s}`;
const decode = (s: string) => s.replace(/#(\d+);/g, (_, c) => String.fromCodePoint(Number(c)));

/** The edges of the Mermaid text: from, to, label (decoded), and the style of its index. */
function edgesOf(mermaid: string) {
  const styles = new Map<number, string>();
  for (const m of mermaid.matchAll(/^\s*linkStyle (\d+) (.*)$/gm)) styles.set(Number(m[1]), m[2]);
  return [...mermaid.matchAll(/^\s*(S\d+|X\d+) (-->|-\.->)(?:\|"([^"]*)"\|)? (S\d+|X\d+)$/gm)].map((m, i) => ({
    from: m[1], to: m[4], dashed: m[2] === '-.->', label: decode(m[3] ?? ''), style: styles.get(i) ?? '',
  }));
}

describe('state diagram', () => {
  it('draws all eleven states and an edge for every row of the table, labelled with its event', () => {
    const d = toStateDiagram(analyze(''));
    for (const name of Object.values(STATE_NAMES)) assert.match(d.mermaid, new RegExp(`\\["${name}"\\]`));
    const edges = edgesOf(d.mermaid);
    for (const t of TRANSITIONS) {
      assert.ok(edges.some((e) => e.from === id(t.from) && e.to === id(t.to) && e.label.split(', ').includes(t.event)), `${STATE_NAMES[t.from]} --${t.event}--> ${STATE_NAMES[t.to]}`);
    }
    assert.equal(d.edges.length, edges.length);
  });

  it('draws a row added to the table', () => {
    const table = TRANSITIONS as Transition[];
    const added: Transition = { from: State.CLOSE_WAIT, event: 'recv SYN', to: State.SYN_RCVD, rfc: 'a row for this test' };
    table.push(added);
    try {
      const edges = edgesOf(toStateDiagram(analyze('')).mermaid);
      assert.ok(edges.some((e) => e.from === id(State.CLOSE_WAIT) && e.to === id(State.SYN_RCVD) && e.label === 'recv SYN'));
    } finally {
      table.pop();
    }
    assert.ok(!edgesOf(toStateDiagram(analyze('')).mermaid).some((e) => e.from === id(State.CLOSE_WAIT) && e.to === id(State.SYN_RCVD)));
  });

  it("draws each endpoint's path on the article's flow in its colour, with line numbers", () => {
    const edges = edgesOf(toStateDiagram(analyze(ARTICLE)).mermaid);
    const path = (endpoint: number) => edges.filter((e) => e.style.includes(ENDPOINT_COLOURS[endpoint])).map((e) => `${e.from}>${e.to} ${/line [\d, ]+/.exec(e.label)?.[0]}`)
      .sort((x, y) => Number(/\d+$/.exec(x)![0]) - Number(/\d+$/.exec(y)![0]));
    assert.deepEqual(path(0), ['S0>S2 line 4', 'S2>S4 line 5', 'S4>S5 line 7', 'S5>S6 line 8', 'S6>S10 line 9', 'S10>S0 line 12']);
    assert.deepEqual(path(1), ['S1>S3 line 4', 'S3>S4 line 6', 'S4>S7 line 7', 'S7>S9 line 9', 'S9>S0 line 10']);
  });

  it('draws the path only up to the step, and marks where each endpoint is then', () => {
    const a = analyze(ARTICLE);
    const d = toStateDiagram(a, { step: 2 });
    assert.deepEqual(d.current, [State.ESTABLISHED, State.SYN_RCVD]);
    assert.match(d.mermaid, /S4\["ESTABLISHED · Client"\]/);
    assert.match(d.mermaid, /class S4 at0/);
    assert.match(d.mermaid, /class S3 at1/);
    const taken = d.edges.filter((e) => e.endpoint !== undefined).map((e) => e.lines.map((l) => l + 1));
    assert.deepEqual(taken, [[4], [4], [5]]);
    const both = toStateDiagram(a);
    assert.deepEqual(both.current, [State.CLOSED, State.CLOSED]);
    assert.match(both.mermaid, /class S0 atBoth/);
  });

  it('draws a refused step in the error colour where it tried to go', () => {
    const a = analyze('Client -> Server : SYN seq=100\nClient -> Server : FIN\n');
    const edges = edgesOf(toStateDiagram(a).mermaid);
    const refused = edges.filter((e) => e.style.includes(ERROR_COLOUR));
    assert.equal(refused.length, 1);
    assert.deepEqual([refused[0].from, refused[0].to, refused[0].dashed], [id(State.SYN_SENT), id(State.FIN_WAIT_1), true]);
    assert.match(refused[0].label, /line 2: TF301/);
    // Data has no state to go to: the refusal is a node of its own.
    const data = toStateDiagram(analyze('Client -> Server : SYN seq=100\nClient -> Server : ACK "hi"\n'));
    const node = data.edges.find((e) => e.error);
    assert.ok(node && node.to === undefined && node.lines[0] === 1, JSON.stringify(data.edges.filter((e) => e.error)));
    assert.match(data.mermaid, /X0\["✗ line 2: TF301 [^"]*"\]:::refused/);
  });

  it('draws a FIN+ACK that takes two rows (FIN_WAIT_1 → FIN_WAIT_2 → TIME_WAIT)', () => {
    const flow = 'Client -> Server : SYN seq=100\nServer -> Client : SYN ACK seq=300 ack=101\nClient -> Server : ACK seq=101 ack=301\nClient -> Server : FIN seq=101 ack=301\nServer -> Client : FIN ACK seq=301 ack=102\n';
    const d = toStateDiagram(analyze(flow));
    const client = edgesOf(d.mermaid).filter((e) => e.style.includes(ENDPOINT_COLOURS[0])).map((e) => `${e.from}>${e.to}`);
    assert.deepEqual(client.slice(-3), ['S4>S5', 'S5>S6', 'S6>S10']);
    assert.equal(d.current[0], State.TIME_WAIT);
  });

  it('escapes every endpoint name: no quote, bracket, pipe or markup reaches the Mermaid text', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }).filter((s) => /^[A-Za-z_]/.test(s) && !/\s/.test(s)), (raw) => {
        const name = raw.replace(/[^\w<>"|&;#{}\]]/g, '_');
        const d = toStateDiagram(analyze(`endpoint ${name} CLOSED\n${name} -> B : SYN seq=1\n`));
        for (const line of d.mermaid.split('\n')) {
          const labels = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
          for (const l of labels) assert.doesNotMatch(l, /[<>"|&{}\]]/, line);
        }
      }),
    );
    const d = toStateDiagram(analyze('endpoint A<img/src=x> CLOSED\nA<img/src=x> -> B : SYN seq=1\n'));
    assert.doesNotMatch(d.mermaid, /<img/);
  });
});
