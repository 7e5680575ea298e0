import { ConnectionTracker, type Connection, type ConnectionFilter, type ConnectionSummary } from './connections';
import { CaptureError } from './errors';
import { isSupportedLinkType } from './link';
import { decodeTcpPacket } from './packet';
import { CaptureReader, type CaptureFormat } from './reader';

// One pass over a capture: frames to TCP segments to connections.
export interface ScanResult {
  readonly format: CaptureFormat;
  readonly frames: number;
  readonly tcpPackets: number;
  readonly connections: readonly ConnectionSummary[];
  /** Indices of the connections the filter accepted. */
  readonly matches: readonly number[];
  /** The first accepted connection, with its packets. */
  readonly selected: Connection | undefined;
}

export class CaptureScanner {
  private readonly reader = new CaptureReader();
  private readonly tracker: ConnectionTracker;
  private frames = 0;
  private tcpPackets = 0;
  private readonly unsupported = new Set<number>();

  constructor(keep?: ConnectionFilter) {
    this.tracker = new ConnectionTracker(keep);
  }

  push(chunk: Uint8Array): void {
    for (const frame of this.reader.push(chunk)) {
      this.frames++;
      const packet = decodeTcpPacket(frame);
      if (packet) {
        this.tcpPackets++;
        this.tracker.add(packet);
      } else if (!isSupportedLinkType(frame.linkType)) {
        this.unsupported.add(frame.linkType);
      }
    }
  }

  /** Ends the input; throws a CaptureError when it was cut short or holds no TCP. */
  finish(): ScanResult {
    const format = this.reader.end();
    if (this.tcpPackets === 0) throw new CaptureError('no-tcp', this.noTcpMessage());
    return {
      format,
      frames: this.frames,
      tcpPackets: this.tcpPackets,
      connections: this.tracker.summaries(),
      matches: this.tracker.matches,
      selected: this.tracker.selected(),
    };
  }

  private noTcpMessage(): string {
    if (this.frames === 0) return 'the capture holds no packets';
    const types = [...this.unsupported];
    const why = types.length === 0 ? '' : ` (unsupported link type${types.length > 1 ? 's' : ''} ${types.join(', ')})`;
    return `none of the ${this.frames} packets is a TCP segment that can be read${why}`;
  }
}

/** Scans a capture held whole in memory. */
export function scanCapture(bytes: Uint8Array, keep?: ConnectionFilter): ScanResult {
  const scanner = new CaptureScanner(keep);
  scanner.push(bytes);
  return scanner.finish();
}
