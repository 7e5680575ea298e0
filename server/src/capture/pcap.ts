import { u32 } from './bytes';
import type { ChunkBuffer } from './chunks';
import { CaptureError } from './errors';
import type { EmitFrame, FrameParser } from './frame';

// Classic libpcap files: a 24-byte file header, then 16-byte record headers
// each followed by the captured bytes, all in the writer's byte order.
const FILE_HEADER = 24;
const RECORD_HEADER = 16;
/** libpcap accepts records up to the larger of the snapshot length and this. */
const MAX_SNAPLEN = 262144;
/** Whatever a header claims, a record larger than this is not buffered. */
const RECORD_LIMIT = 16 * 1024 * 1024;

export interface PcapVariant {
  readonly littleEndian: boolean;
  readonly nanoseconds: boolean;
}

/** The variant a file's first four bytes announce, if they are a pcap magic number. */
export function pcapVariant(magic: Uint8Array): PcapVariant | undefined {
  for (const littleEndian of [false, true]) {
    const value = u32(magic, 0, littleEndian);
    if (value === 0xa1b2c3d4) return { littleEndian, nanoseconds: false };
    if (value === 0xa1b23c4d) return { littleEndian, nanoseconds: true };
  }
  return undefined;
}

export class PcapParser implements FrameParser {
  private header?: { readonly linkType: number; readonly maxRecord: number };

  constructor(private readonly variant: PcapVariant) {}

  parse(buf: ChunkBuffer, emit: EmitFrame): void {
    const le = this.variant.littleEndian;
    if (!this.header) {
      const h = buf.take(FILE_HEADER);
      if (!h) return;
      const snaplen = u32(h, 16, le);
      // The upper bits of the link-type field carry FCS information.
      this.header = { linkType: u32(h, 20, le) & 0xffff, maxRecord: Math.min(Math.max(snaplen, MAX_SNAPLEN), RECORD_LIMIT) };
    }
    const unit = this.variant.nanoseconds ? 1n : 1000n;
    for (;;) {
      const rh = buf.peek(RECORD_HEADER);
      if (!rh) return;
      const captured = u32(rh, 8, le);
      if (captured > this.header.maxRecord) {
        throw new CaptureError(
          'corrupt',
          `packet record at byte ${buf.offset} claims ${captured} captured bytes (at most ${this.header.maxRecord} are possible)`,
          buf.offset,
        );
      }
      const timeNs = BigInt(u32(rh, 0, le)) * 1_000_000_000n + BigInt(u32(rh, 4, le)) * unit;
      const originalLength = u32(rh, 12, le);
      const record = buf.take(RECORD_HEADER + captured);
      if (!record) return;
      emit(this.header.linkType, timeNs, record.subarray(RECORD_HEADER), originalLength);
    }
  }

  finish(buf: ChunkBuffer): void {
    if (!this.header) {
      throw new CaptureError('truncated', `the file ends inside the pcap file header (${buf.available} of ${FILE_HEADER} bytes)`, 0);
    }
    if (buf.available > 0) {
      throw new CaptureError('truncated', `the file ends inside the packet record at byte ${buf.offset}`, buf.offset);
    }
  }
}
