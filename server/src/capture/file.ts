import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ConnectionFilter } from './connections';
import { CaptureError } from './errors';
import { CaptureScanner, type ScanResult } from './scan';

// Capture files read from disk in chunks: memory stays bounded by the largest
// record and the packets of the one connection kept, whatever the file size.
const CHUNK_SIZE = 64 * 1024;

export interface ScanWatch {
  /** Stops the reading: the scan then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Told after each chunk how many bytes of the file have been read. */
  readonly progress?: (read: number, size: number) => void;
}

/** Scans a capture file; every failure is a CaptureError, or the abort reason when `watch.signal` stops it. */
export async function scanCaptureFile(path: string, keep?: ConnectionFilter, watch: ScanWatch = {}): Promise<ScanResult> {
  const { signal, progress } = watch;
  signal?.throwIfAborted();
  // A FIFO or device could block or never end; only regular files are read.
  const info = await stat(path).catch((e: unknown) => {
    throw ioError(e);
  });
  if (!info.isFile()) throw new CaptureError('io', info.isDirectory() ? 'a folder, not a file' : 'not a regular file');
  const scanner = new CaptureScanner(keep);
  let read = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_SIZE, signal })) {
      scanner.push(chunk as Buffer);
      read += (chunk as Buffer).length;
      progress?.(read, info.size);
    }
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    throw e instanceof CaptureError ? e : ioError(e);
  }
  return scanner.finish();
}

function ioError(e: unknown): CaptureError {
  const code = (e as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (e as Error).message;
  return new CaptureError('io', `cannot read it: ${reason}`);
}
