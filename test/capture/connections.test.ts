// Grouping segments into connections: both directions, port reuse, statistics.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectionTracker } from '../../server/src/capture/connections';
import { ACK, FIN, PSH, SYN } from '../../server/src/capture/tcp';
import { CLIENT, connections, seg, SERVER } from './flows';

const OTHER = { address: '10.0.0.3', port: 5000 };

test('both directions of a 4-tuple are one connection; connections are numbered by first appearance', () => {
  const conns = connections([
    seg('C', SYN, 1),
    seg('C', SYN, 7, 0, { ends: [OTHER, SERVER] }),
    seg('S', SYN | ACK, 9, 2),
    seg('S', SYN | ACK, 3, 8, { ends: [OTHER, SERVER] }),
  ]);
  assert.deepStrictEqual(conns.map((c) => [c.summary.index, c.summary.client, c.packets.length]), [
    [0, CLIENT, 2],
    [1, OTHER, 2],
  ]);
});

test('a new SYN on a used 4-tuple starts a new connection; a retransmitted or crossing SYN does not', () => {
  const first = [seg('C', SYN, 1), seg('C', SYN, 1), seg('S', SYN, 50), seg('C', SYN | ACK, 1, 51), seg('C', FIN | ACK, 2, 51)];
  assert.equal(connections(first).length, 1);
  const reused = connections([...first, seg('C', SYN, 90000), seg('S', SYN | ACK, 70, 90001)]);
  assert.deepStrictEqual(reused.map((c) => c.packets.length), [5, 2]);
  // A different ISN, even before anything else was sent, is another incarnation.
  assert.equal(connections([seg('C', SYN, 1), seg('C', SYN, 2)]).length, 2);
});

test('statistics: packets, payload bytes, times, and whether the three-way handshake was seen', () => {
  const handshake = [seg('C', SYN, 10, 0, { ms: 1 }), seg('S', SYN | ACK, 20, 11, { ms: 2 }), seg('C', ACK, 11, 21, { ms: 3 })];
  const [full] = connections([...handshake, seg('C', PSH | ACK, 11, 21, { len: 40, ms: 4.5 }), seg('S', PSH | ACK, 21, 51, { len: 2, ms: 5 })]);
  assert.deepStrictEqual(full.summary, {
    index: 0,
    client: CLIENT,
    server: SERVER,
    packets: 5,
    payloadBytes: 42,
    firstTimeNs: 1_000_000n,
    lastTimeNs: 5_000_000n,
    handshake: true,
  });
  assert.equal(connections(handshake.slice(0, 2))[0].summary.handshake, false);
  // The ACK must acknowledge the SYN+ACK.
  assert.equal(connections([...handshake.slice(0, 2), seg('C', ACK, 11, 99)])[0].summary.handshake, false);
  assert.equal(connections([seg('C', ACK, 11, 21), seg('S', ACK, 21, 11)])[0].summary.handshake, false);
});

test('the tracker keeps the packets of the first accepted connection only, and lists every accepted one', () => {
  const tracker = new ConnectionTracker((_, [a, b]) => a.port === 80 || b.port === 80);
  const ssh = { address: '10.0.0.9', port: 22 };
  tracker.add(seg('C', SYN, 1));
  tracker.add(seg('C', SYN, 7, 0, { ends: [OTHER, ssh] }));
  tracker.add(seg('C', SYN, 3, 0, { ends: [OTHER, SERVER] }));
  assert.deepStrictEqual(tracker.matches, [0, 2]);
  assert.equal(tracker.selected()?.summary.index, 0);
  assert.equal(tracker.summaries().length, 3);
  assert.equal(new ConnectionTracker().selected(), undefined);
});
