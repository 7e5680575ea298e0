// A realistic large flow for benchmarks: handshake, request/response rounds
// with data both ways, some lost segments and their retransmissions, teardown.
export function generateFlow(targetBytes: number): string {
  const out: string[] = [
    'title "Benchmark flow"',
    'endpoint Client "10.0.0.1:40000"',
    'endpoint Server "10.0.0.2:80" LISTEN',
    '0.000000 Client -> Server : SYN seq=1000 win=64240 mss=1460 wscale=7',
    '0.000100 Server -> Client : SYN+ACK seq=5000 ack=1001 win=65160 mss=1460 wscale=7',
    '0.000200 Client -> Server : ACK seq=1001 ack=5001 win=502',
  ];
  let c = 1001;
  let s = 5001;
  let t = 0.0002;
  let size = out.join('\n').length;
  const push = (line: string) => {
    out.push(line);
    size += line.length + 1;
  };
  const ts = () => (t += 0.000137).toFixed(6);
  for (let round = 0; size < targetBytes; round++) {
    push(`${ts()} Client -> Server : PSH+ACK seq=${c} ack=${s} win=502 "GET /item/${round} HTTP/1.1"`);
    c += `GET /item/${round} HTTP/1.1`.length;
    push(`${ts()} Server -> Client : ACK seq=${s} ack=${c} win=509`);
    if (round % 50 === 7) {
      push(`${ts()} Server -x Client : PSH+ACK seq=${s} ack=${c} len=1448   # lost`);
      push(`${ts()} Server -> Client : PSH+ACK seq=${s + 1448} ack=${c} len=1448`);
      push(`${ts()} Client -> Server : ACK seq=${c} ack=${s}`);
      push(`${ts()} Server -> Client : PSH+ACK seq=${s} ack=${c} len=1448`);
      s += 2896;
    } else {
      push(`${ts()} Server -> Client : PSH+ACK seq=${s} ack=${c} len=1448`);
      s += 1448;
    }
    push(`${ts()} Client -> Server : ACK seq=${c} ack=${s} win=502`);
  }
  push(`${ts()} Client -> Server : FIN+ACK seq=${c} ack=${s}`);
  push(`${ts()} Server -> Client : FIN+ACK seq=${s} ack=${c + 1}`);
  push(`${ts()} Client -> Server : ACK seq=${c + 1} ack=${s + 1}`);
  return out.join('\n') + '\n';
}

/** A handshake then requests and responses: `n` segment lines whose arrows differ in height (payloads, numbers, state notes). */
export function exchangeFlow(n: number): string {
  const out = ['Client -> Server : SYN seq=1000', 'Server -> Client : SYN+ACK seq=5000 ack=1001', 'Client -> Server : ACK seq=1001 ack=5001'];
  let c = 1001;
  let s = 5001;
  for (let i = 3; i < n; i++) {
    if (i % 2) {
      out.push(`Client -> Server : PSH+ACK seq=${c} ack=${s} "GET /item/${i}"`);
      c += `GET /item/${i}`.length;
    } else {
      out.push(`Server -> Client : PSH+ACK seq=${s} ack=${c} len=1448`);
      s += 1448;
    }
  }
  return out.join('\n') + '\n';
}
