// A large synthetic capture for the import benchmark: one TCP connection,
// Ethernet/IPv4/TCP with the timestamps option, a bulk transfer with an ACK
// every other segment, snap length 128 as tcpdump -s 128 writes it; with
// `holeAt`, one data segment is missing from the file (a drop at the capture
// point: the receiver got it, and acknowledges it).
import { closeSync, openSync, writeSync } from 'node:fs';

const SNAP = 128;
const MSS = 1448;

/** One Ethernet/IPv4/TCP frame at `off` (checksums left zero: readers do not verify them); returns its wire length. */
function writeFrame(buf: Buffer, off: number, src: number, dst: number, sport: number, dport: number, seq: number, ack: number, flags: number, payload: number): number {
  // Ethernet
  buf.fill(0, off, off + 14);
  buf.writeUInt16BE(0x0800, off + 12);
  const ip = off + 14;
  const tcpLen = 32;
  buf.writeUInt8(0x45, ip);
  buf.writeUInt8(0, ip + 1);
  buf.writeUInt16BE(20 + tcpLen + payload, ip + 2);
  buf.writeUInt32BE(0x40004000, ip + 4);
  buf.writeUInt8(64, ip + 8);
  buf.writeUInt8(6, ip + 9);
  buf.writeUInt16BE(0, ip + 10);
  buf.writeUInt32BE(src, ip + 12);
  buf.writeUInt32BE(dst, ip + 16);
  const t = ip + 20;
  buf.writeUInt16BE(sport, t);
  buf.writeUInt16BE(dport, t + 2);
  buf.writeUInt32BE(seq >>> 0, t + 4);
  buf.writeUInt32BE(ack >>> 0, t + 8);
  buf.writeUInt8((tcpLen / 4) << 4, t + 12);
  buf.writeUInt8(flags, t + 13);
  buf.writeUInt16BE(512, t + 14);
  buf.writeUInt32BE(0, t + 16);
  // NOP NOP TS
  buf.writeUInt32BE(0x0101080a, t + 20);
  buf.writeUInt32BE(1, t + 24);
  buf.writeUInt32BE(1, t + 28);
  return 14 + 20 + tcpLen + payload;
}

/** Writes a capture of about `bytes` bytes, without the data segment after the first `holeAt` of them; returns the number of packets written. */
export function writeBulkCapture(path: string, bytes: number, holeAt?: number): number {
  const fd = openSync(path, 'w');
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(SNAP, 16);
  header.writeUInt32LE(1, 20);
  writeSync(fd, header);
  const CLIENT = 0x0a000001;
  const SERVER = 0x0a000002;
  let c = 1000;
  let s = 5000;
  let written = 24;
  let packets = 0;
  let usec = 0;
  const out = Buffer.alloc(1 << 20);
  let used = 0;
  let hole = holeAt === undefined ? Infinity : holeAt * bytes;
  const packet = (fromClient: boolean, flags: number, payload: number) => {
    if (!fromClient && payload > 0 && written >= hole) {
      hole = Infinity;
      return;
    }
    const rec = used;
    const wire = writeFrame(out, rec + 16, fromClient ? CLIENT : SERVER, fromClient ? SERVER : CLIENT, fromClient ? 40000 : 80, fromClient ? 80 : 40000,
      fromClient ? c : s, fromClient ? s : c, flags, payload);
    const caplen = Math.min(wire, SNAP);
    usec += 37;
    out.writeUInt32LE(Math.floor(usec / 1e6), rec);
    out.writeUInt32LE(usec % 1e6, rec + 4);
    out.writeUInt32LE(caplen, rec + 8);
    out.writeUInt32LE(wire, rec + 12);
    used += 16 + caplen;
    written += 16 + caplen;
    packets++;
    if (used > out.length - 512) {
      writeSync(fd, out, 0, used);
      used = 0;
    }
  };
  const SYN = 0x02, ACK = 0x10, PSH = 0x08, FIN = 0x01;
  packet(true, SYN, 0); c++;
  packet(false, SYN | ACK, 0); s++;
  packet(true, ACK, 0);
  while (written < bytes) {
    packet(false, PSH | ACK, MSS); s += MSS;
    packet(false, PSH | ACK, MSS); s += MSS;
    packet(true, ACK, 0);
  }
  packet(true, FIN | ACK, 0); c++;
  packet(false, FIN | ACK, 0); s++;
  packet(true, ACK, 0);
  writeSync(fd, out, 0, used);
  closeSync(fd);
  return packets;
}
