// The TCB panel's data: both endpoints' variables at every step, the ones the
// step changed, one line saying why, the out-of-order queue, the windows and
// the TIME_WAIT timer; and the step an editor line stands at.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../server/src/language/analysis';
import { stepAtLine, steppingView } from '../server/src/language/stepping';
import { EXAMPLES, flowFiles } from './helpers';

const view = (file: string) => steppingView(analyze(readFileSync(join(EXAMPLES, file), 'utf8')));

describe('stepping view', () => {
  it("explains the article's handshake step by step", () => {
    const v = view('article-handshake-teardown.tcpflow');
    assert.equal(v.length, analyze(readFileSync(join(EXAMPLES, 'article-handshake-teardown.tcpflow'), 'utf8')).result.steps.length + 1);
    assert.deepEqual(v[0].endpoints.map((e) => e.values.state), ['CLOSED', 'LISTEN']);
    const [client, server] = v[1].endpoints;
    assert.deepEqual([client.changed, server.changed], [['state', 'ISS', 'SND.UNA', 'SND.NXT'], ['state', 'IRS', 'RCV.NXT']]);
    assert.equal(server.why, 'RCV.NXT = ISN_Client+1: the SYN occupies one sequence number · SYN_RCVD: RFC 9293 §3.10.7.2 LISTEN, third: SYN bit');
    assert.equal(client.why, 'SND.NXT = ISN_Client+1: ISS + 1, the SYN occupies one sequence number · SYN_SENT: RFC 9293 §3.10.1 OPEN, active');
    assert.equal(v[3].endpoints[1].why, 'SND.UNA = ISN_Server+1: the peer acknowledges everything before it · ESTABLISHED: RFC 9293 §3.10.7.4 fifth: SYN-RECEIVED, SND.UNA < SEG.ACK =< SND.NXT');
    assert.equal(v[3].endpoints[0].why, undefined);
    // TIME_WAIT: the timer runs from the FIN that put the client there until `wait 2MSL`.
    assert.equal(v[6].endpoints[0].values['2MSL timer'], 'running since line 9 (2 MSL = 240 s)');
    assert.ok(v[6].endpoints[0].changed.includes('2MSL timer'));
    assert.equal(v[8].endpoints[0].changed.length, 0);
    assert.match(v[9].endpoints[0].why ?? '', /CLOSED: RFC 9293 §3\.10\.8 time-wait timeout$/);
  });

  it('shows the out-of-order queue filling and draining, and the windows advertised', () => {
    const v = view('lost-data.tcpflow');
    const queue = v.map((s) => s.endpoints[1].values.queue);
    assert.equal(queue[5], '101..201');
    assert.match(v[5].endpoints[1].why ?? '', /^queue: the segment arrived after a gap/);
    assert.equal(queue[7], 'empty');
    assert.match(v[7].endpoints[1].why ?? '', /^RCV\.NXT = 201: the bytes up to it arrived in order/);
    const w = steppingView(analyze('Client -> Server : SYN seq=0 win=64240\nServer -> Client : SYN+ACK seq=0 ack=1 win=65160\n'));
    assert.deepEqual([w[2].endpoints[0].values['SND.WND'], w[2].endpoints[0].values['RCV.WND']], ['65160', '64240']);
  });

  it('counts the TIME_WAIT timer in the flow\'s own time, restarted by a retransmitted FIN', () => {
    const v = view('time-wait-retransmitted-fin.tcpflow');
    const timers = v.map((s) => s.endpoints.map((e) => e.values['2MSL timer'])).flat().filter((t) => t !== '—');
    assert.ok(timers.length > 0 && timers.every((t) => /^running since line \d+/.test(t)), timers.join('\n'));
    assert.ok(new Set(timers.map((t) => /line (\d+)/.exec(t)![1])).size >= 2, 'a retransmitted FIN restarts the timer');
  });

  it('maps every editor line to the last step at or before it', () => {
    for (const file of flowFiles(EXAMPLES)) {
      const v = steppingView(analyze(readFileSync(file, 'utf8')));
      fc.assert(fc.property(fc.integer({ min: 0, max: 200 }), (line) => {
        const n = stepAtLine(v, line);
        assert.ok(n === 0 || v[n].line <= line);
        assert.ok(n === v.length - 1 || v[n + 1].line > line);
      }), { numRuns: 30 });
    }
  });
});
