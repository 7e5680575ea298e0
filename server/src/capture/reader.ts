import { hex, u32 } from './bytes';
import { ChunkBuffer } from './chunks';
import { CaptureError } from './errors';
import type { Frame, FrameParser } from './frame';
import { PcapParser, pcapVariant } from './pcap';
import { PcapngParser, SECTION_HEADER } from './pcapng';

export type CaptureFormat = 'pcap' | 'pcapng';

const MAGIC_SIZE = 4;

/**
 * Reads a pcap or pcapng file pushed in chunks of any size. Each push returns
 * the frames completed by that chunk; end() reports a file cut short. Errors
 * are CaptureErrors; no input makes it throw anything else or loop.
 */
export class CaptureReader {
  private readonly buf = new ChunkBuffer();
  private detected?: { readonly format: CaptureFormat; readonly parser: FrameParser };
  private frames = 0;

  push(chunk: Uint8Array): Frame[] {
    this.buf.append(chunk);
    if (!this.detected) {
      const magic = this.buf.peek(MAGIC_SIZE);
      if (!magic) return [];
      this.detected = this.detect(magic);
    }
    const out: Frame[] = [];
    this.detected.parser.parse(this.buf, (linkType, timeNs, data, originalLength) =>
      out.push({ number: ++this.frames, linkType, timeNs, data, originalLength }),
    );
    return out;
  }

  /** Ends the input and returns the file's format. */
  end(): CaptureFormat {
    if (this.detected) {
      this.detected.parser.finish(this.buf);
      return this.detected.format;
    }
    const size = this.buf.available;
    if (size === 0) throw new CaptureError('empty', 'the file is empty', 0);
    throw new CaptureError('not-capture', `not a pcap or pcapng file: only ${size} bytes long`, 0);
  }

  private detect(magic: Uint8Array): { format: CaptureFormat; parser: FrameParser } {
    const variant = pcapVariant(magic);
    if (variant) return { format: 'pcap', parser: new PcapParser(variant) };
    if (u32(magic, 0) === SECTION_HEADER) return { format: 'pcapng', parser: new PcapngParser() };
    const start = this.buf.peek(Math.min(this.buf.available, 64))!;
    throw new CaptureError('not-capture', `not a pcap or pcapng file: ${describe(start)}`, 0);
  }
}

/** What a file that is not a capture seems to be, for the error message. */
function describe(start: Uint8Array): string {
  if (start[0] === 0x1f && start[1] === 0x8b) return 'it is gzip-compressed (decompress it first)';
  if (looksLikeText(start)) return 'it looks like text';
  return `it starts with the bytes ${hex(start.subarray(0, MAGIC_SIZE))}`;
}

function looksLikeText(bytes: Uint8Array): boolean {
  try {
    // stream: a character cut at the end of the sample is not an error.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return !/[\x00-\x08\x0e-\x1f\x7f]/.test(text);
  } catch {
    return false;
  }
}

/** Every frame of a capture held whole in memory. */
export function readFrames(bytes: Uint8Array): Frame[] {
  const reader = new CaptureReader();
  const frames = reader.push(bytes);
  reader.end();
  return frames;
}
