import { u16, u32 } from './bytes';

// The TCP header and the options the converter and listings show.
export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;
export const URG = 0x20;
export const ECE = 0x40;
export const CWR = 0x80;

const OPT_END = 0;
const OPT_NOP = 1;
const OPT_MSS = 2;
const OPT_WSCALE = 3;
const OPT_SACK_PERMITTED = 4;
const OPT_SACK = 5;
const OPT_TIMESTAMP = 8;

export interface SackBlock {
  readonly left: number;
  readonly right: number;
}

export interface TcpOptions {
  readonly mss?: number;
  readonly wscale?: number;
  readonly sackPermitted: boolean;
  readonly sack: readonly SackBlock[];
  readonly timestamp?: { readonly value: number; readonly echo: number };
}

export interface TcpHeader {
  readonly srcPort: number;
  readonly dstPort: number;
  readonly seq: number;
  readonly ack: number;
  /** The 12 flag bits below the data offset: CWR..FIN, then the former NS and reserved bits. */
  readonly flags: number;
  readonly window: number;
  readonly headerLength: number;
  readonly options: TcpOptions;
}

/**
 * Decodes the header at `at`; `segmentLength` is the header plus payload
 * length the IP layer declares. Undefined when the fixed header was not
 * captured or its data offset is impossible. Options cut by the snapshot
 * length are read as far as they were captured.
 */
export function decodeTcpHeader(data: Uint8Array, at: number, segmentLength: number): TcpHeader | undefined {
  if (data.length < at + 20) return undefined;
  const headerLength = (data[at + 12] >> 4) * 4;
  if (headerLength < 20 || headerLength > segmentLength) return undefined;
  return {
    srcPort: u16(data, at),
    dstPort: u16(data, at + 2),
    seq: u32(data, at + 4),
    ack: u32(data, at + 8),
    flags: u16(data, at + 12) & 0x0fff,
    window: u16(data, at + 14),
    headerLength,
    options: decodeOptions(data.subarray(at + 20, Math.min(at + headerLength, data.length))),
  };
}

function decodeOptions(bytes: Uint8Array): TcpOptions {
  let mss: number | undefined;
  let wscale: number | undefined;
  let sackPermitted = false;
  const sack: SackBlock[] = [];
  let timestamp: TcpOptions['timestamp'];
  let pos = 0;
  while (pos < bytes.length) {
    const kind = bytes[pos];
    if (kind === OPT_END) break;
    if (kind === OPT_NOP) {
      pos++;
      continue;
    }
    const length = bytes[pos + 1];
    if (length === undefined || length < 2 || pos + length > bytes.length) break; // malformed or cut short
    if (kind === OPT_MSS && length === 4) mss = u16(bytes, pos + 2);
    else if (kind === OPT_WSCALE && length === 3) wscale = bytes[pos + 2];
    else if (kind === OPT_SACK_PERMITTED && length === 2) sackPermitted = true;
    else if (kind === OPT_SACK && (length - 2) % 8 === 0) {
      for (let b = pos + 2; b < pos + length; b += 8) sack.push({ left: u32(bytes, b), right: u32(bytes, b + 4) });
    } else if (kind === OPT_TIMESTAMP && length === 10) timestamp = { value: u32(bytes, pos + 2), echo: u32(bytes, pos + 6) };
    pos += length;
  }
  return { mss, wscale, sackPermitted, sack, timestamp };
}
