// The one error type of the capture reader: every way a file can fail to be a
// usable capture maps to a code, so callers can word messages and exit codes.
export type CaptureErrorCode =
  /** The file could not be opened or read. */
  | 'io'
  /** The file is empty. */
  | 'empty'
  /** Neither pcap nor pcapng. */
  | 'not-capture'
  /** The file ends inside a header, record or block. */
  | 'truncated'
  /** A header or block contradicts the format. */
  | 'corrupt'
  /** A valid capture in a variant this reader does not read. */
  | 'unsupported'
  /** A readable capture without any TCP segment. */
  | 'no-tcp';

export class CaptureError extends Error {
  override readonly name = 'CaptureError';

  constructor(
    readonly code: CaptureErrorCode,
    message: string,
    /** Byte offset in the file where the problem is, when there is one. */
    readonly offset?: number,
  ) {
    super(message);
  }
}
