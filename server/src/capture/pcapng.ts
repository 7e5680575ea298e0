import { u16, u32 } from './bytes';
import type { ChunkBuffer } from './chunks';
import { CaptureError } from './errors';
import type { EmitFrame, FrameParser } from './frame';

// pcapng: a sequence of sections, each a section header block in its own byte
// order followed by interface descriptions and packet blocks. Every block is
// type, total length, body, total length again.
export const SECTION_HEADER = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const INTERFACE_DESCRIPTION = 1;
const PACKET = 2; // obsolete, still written by old tools
const SIMPLE_PACKET = 3;
const ENHANCED_PACKET = 6;
const OPT_END = 0;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;
/** Whatever a header claims, a block larger than this is not buffered. */
const BLOCK_LIMIT = 16 * 1024 * 1024;

interface Interface {
  readonly linkType: number;
  readonly snaplen: number;
  readonly toNs: (ticks: bigint) => bigint;
}

export class PcapngParser implements FrameParser {
  private le = false;
  private interfaces: Interface[] = [];

  parse(buf: ChunkBuffer, emit: EmitFrame): void {
    for (;;) {
      const head = buf.peek(8);
      if (!head) return;
      const at = buf.offset;
      // The section header's type reads the same in both byte orders; its
      // byte-order magic then says how to read the rest of the section.
      if (u32(head, 0) === SECTION_HEADER) {
        const withMagic = buf.peek(12);
        if (!withMagic) return;
        this.le = byteOrder(withMagic, at);
      }
      const type = u32(head, 0, this.le);
      const length = u32(head, 4, this.le);
      if (length < 12 || length % 4 !== 0) {
        throw new CaptureError('corrupt', `block at byte ${at} has an impossible length ${length}`, at);
      }
      if (length > BLOCK_LIMIT) {
        throw new CaptureError('corrupt', `block at byte ${at} claims ${length} bytes (at most ${BLOCK_LIMIT} are accepted)`, at);
      }
      const block = buf.take(length);
      if (!block) return;
      if (u32(block, length - 4, this.le) !== length) {
        throw new CaptureError('corrupt', `block at byte ${at} ends with a length that differs from its header's`, at);
      }
      this.block(type, block.subarray(8, length - 4), at, emit);
    }
  }

  finish(buf: ChunkBuffer): void {
    if (buf.available > 0) {
      throw new CaptureError('truncated', `the file ends inside the block at byte ${buf.offset}`, buf.offset);
    }
  }

  private block(type: number, body: Uint8Array, at: number, emit: EmitFrame): void {
    const le = this.le;
    switch (type) {
      case SECTION_HEADER: {
        need(body, 16, at);
        const major = u16(body, 4, le);
        if (major !== 1) {
          throw new CaptureError('unsupported', `pcapng version ${major}.${u16(body, 6, le)} at byte ${at} is not supported (only 1.x)`, at);
        }
        this.interfaces = [];
        return;
      }
      case INTERFACE_DESCRIPTION:
        need(body, 8, at);
        this.interfaces.push(describeInterface(body, le, at));
        return;
      case ENHANCED_PACKET:
      case PACKET: {
        need(body, 20, at);
        // The two differ only in the width of the interface id.
        const iface = this.interface(type === PACKET ? u16(body, 0, le) : u32(body, 0, le), at);
        const captured = u32(body, 12, le);
        need(body, 20 + captured, at);
        emit(iface.linkType, iface.toNs(ticks(body, 4, le)), body.subarray(20, 20 + captured), u32(body, 16, le));
        return;
      }
      case SIMPLE_PACKET: {
        need(body, 4, at);
        const iface = this.interface(0, at);
        const original = u32(body, 0, le);
        // The block holds no captured length: the data is the packet, cut at the
        // interface's snapshot length, then padded.
        const captured = Math.min(original, body.length - 4, iface.snaplen || Infinity);
        emit(iface.linkType, undefined, body.subarray(4, 4 + captured), original);
        return;
      }
      default:
        return; // statistics, name resolution, custom blocks: nothing to read
    }
  }

  private interface(id: number, at: number): Interface {
    const iface = this.interfaces[id];
    if (!iface) {
      throw new CaptureError(
        'corrupt',
        `packet block at byte ${at} refers to interface ${id}, but its section describes ${this.interfaces.length}`,
        at,
      );
    }
    return iface;
  }
}

function byteOrder(head: Uint8Array, at: number): boolean {
  if (u32(head, 8) === BYTE_ORDER_MAGIC) return false;
  if (u32(head, 8, true) === BYTE_ORDER_MAGIC) return true;
  throw new CaptureError('corrupt', `section header at byte ${at} has no valid byte-order magic`, at);
}

function need(body: Uint8Array, size: number, at: number): void {
  if (body.length < size) throw new CaptureError('corrupt', `block at byte ${at} is too short for its contents`, at);
}

function ticks(body: Uint8Array, offset: number, le: boolean): bigint {
  return (BigInt(u32(body, offset, le)) << 32n) | BigInt(u32(body, offset + 4, le));
}

function describeInterface(body: Uint8Array, le: boolean, at: number): Interface {
  let resolution = 6; // microseconds unless if_tsresol says otherwise
  let offsetNs = 0n;
  forEachOption(body, 8, le, at, (code, value) => {
    if (code === IF_TSRESOL && value.length >= 1) resolution = value[0];
    if (code === IF_TSOFFSET && value.length >= 8) offsetNs = BigInt.asIntN(64, ticks(value, 0, le)) * 1_000_000_000n;
  });
  return { linkType: u16(body, 0, le), snaplen: u32(body, 4, le), toNs: timeScale(resolution, offsetNs) };
}

/** Ticks to nanoseconds: the resolution byte is 10^-n, or 2^-n when its top bit is set. */
function timeScale(resolution: number, offsetNs: bigint): (ticks: bigint) => bigint {
  const exponent = BigInt(resolution & 0x7f);
  if (resolution & 0x80) return (t) => ((t * 1_000_000_000n) >> exponent) + offsetNs;
  if (exponent <= 9n) {
    const factor = 10n ** (9n - exponent);
    return (t) => t * factor + offsetNs;
  }
  const divisor = 10n ** (exponent - 9n);
  return (t) => t / divisor + offsetNs;
}

function forEachOption(
  body: Uint8Array,
  start: number,
  le: boolean,
  at: number,
  visit: (code: number, value: Uint8Array) => void,
): void {
  let pos = start;
  while (pos + 4 <= body.length) {
    const code = u16(body, pos, le);
    const length = u16(body, pos + 2, le);
    if (code === OPT_END) return;
    if (pos + 4 + length > body.length) throw new CaptureError('corrupt', `an option of the block at byte ${at} overruns it`, at);
    visit(code, body.subarray(pos + 4, pos + 4 + length));
    pos += 4 + ((length + 3) & ~3);
  }
}
