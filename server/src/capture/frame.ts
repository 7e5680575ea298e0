import type { ChunkBuffer } from './chunks';

// One packet record of a capture file, whatever the file format.
export interface Frame {
  /** 1-based position among the file's packet records, as Wireshark numbers frames. */
  readonly number: number;
  /** LINKTYPE_* value of the interface the packet was captured on. */
  readonly linkType: number;
  /** Capture time in nanoseconds since the epoch; pcapng simple packet blocks have none. */
  readonly timeNs: bigint | undefined;
  /** The captured bytes: the start of the packet when the snapshot length cut it. */
  readonly data: Uint8Array;
  /** The packet's length on the wire. */
  readonly originalLength: number;
}

export type EmitFrame = (linkType: number, timeNs: bigint | undefined, data: Uint8Array, originalLength: number) => void;

/** A file format's record parser, fed from a buffer that grows as the file is read. */
export interface FrameParser {
  /** Emits every complete record in the buffer and consumes it; leaves an incomplete one. */
  parse(buf: ChunkBuffer, emit: EmitFrame): void;
  /** Called at end of input: throws when bytes are left inside a header or record. */
  finish(buf: ChunkBuffer): void;
}
