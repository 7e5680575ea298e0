// Writing an exported file so that it is never seen half-written and never
// replaces a file by accident: the bytes go to a temporary file beside the
// target, which is then moved onto it (a rename within one folder is atomic).
// Content too large to hold (the Markdown of a large flow) is written as it is
// produced, piece by piece.
// Only a regular file is ever replaced, and it keeps its permissions. An
// interrupted write removes its temporary file; one left by a killed process
// is removed by the next write into that folder.
// Shared by the CLI (Node's fs) and the extension (VS Code's file system).
import { randomBytes } from 'node:crypto';
import { writeSync } from 'node:fs';
import { access, link, lstat, open, readdir, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { leftByDeadProcess, undoOnInterrupt } from './cleanup';
import { kindOf } from './kind';

/** What a path names now (a symbolic link is not followed). */
export type Existing =
  | { readonly kind: 'none' }
  | { readonly kind: 'file'; /** Permission bits, where the file system has them. */ readonly mode?: number }
  | { readonly kind: 'other'; /** As a message says it: "a named pipe (FIFO)". */ readonly what: string };

/**
 * Content given in pieces: calls `write` with each piece, in order (an array
 * is not to change once given); throwing abandons the file. `write` returns
 * once the piece is taken, so a producer that cannot wait for a disk still
 * holds memory bounded by its pieces.
 */
export type Producer = (write: (piece: Uint8Array | string) => void) => void | Promise<void>;

/** What a file is written with: all its bytes, or a producer of them. */
export type Content = Uint8Array | Producer;

/** The bytes of `content`, gathered (for a destination that takes one whole string or array). */
export async function bytesOf(content: Content): Promise<Uint8Array> {
  if (typeof content !== 'function') return content;
  const pieces: Uint8Array[] = [];
  await content((piece) => pieces.push(typeof piece === 'string' ? Buffer.from(piece) : piece));
  return Buffer.concat(pieces);
}

/** What an atomic write needs of a file system, for paths of type P. */
export interface WriteOps<P> {
  /** The path of a file named `name` in the folder of `target`. */
  sibling(target: P, name: string): P;
  basename(target: P): string;
  inspect(path: P): Promise<Existing>;
  /** Creates `path`, which must not exist, with `data`; with `mode`, its permission bits are set before any byte is written. */
  write(path: P, data: Uint8Array, mode?: number): Promise<void>;
  /** As `write`, the bytes written as `produce` hands them over. Without it, they are gathered for `write`. */
  writePieces?(path: P, produce: Producer, mode?: number): Promise<void>;
  /** Moves `from` onto `to`; fails when `to` exists, unless `overwrite`. */
  move(from: P, to: P, overwrite: boolean): Promise<void>;
  remove(path: P): Promise<void>;
  /** The names in the folder of `target`, where the file system can list them: to sweep stale temporary files. */
  siblings?(target: P): Promise<string[]>;
}

/** Refused because the target is not a regular file (a FIFO, a device, a symbolic link, a folder). */
export class NotAFileError extends Error {
  readonly code = 'ENOTREG';
  constructor(readonly what: string) {
    super(`${what}, not a file: not replaced`);
  }
}

/** `.NAME.PID-RANDOM.tmp`: hidden, and its writer's process id tells whether it is still being written. */
const TEMP = /^\..+\.(\d+)-[0-9a-f]{12}\.tmp$/;
const tempName = (target: string) => `.${target}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;

async function sweepStaleTemps<P>(ops: WriteOps<P>, target: P): Promise<void> {
  const names = (await ops.siblings?.(target).catch(() => [])) ?? [];
  for (const name of names) {
    if (leftByDeadProcess(name, TEMP)) await ops.remove(ops.sibling(target, name)).catch(() => undefined);
  }
}

export async function writeAtomic<P>(ops: WriteOps<P>, target: P, content: Content, overwrite: boolean): Promise<void> {
  await sweepStaleTemps(ops, target);
  const existing = await ops.inspect(target);
  if (existing.kind === 'other') throw new NotAFileError(existing.what);
  const temp = ops.sibling(target, tempName(ops.basename(target)));
  const done = undoOnInterrupt(() => ops.remove(temp));
  try {
    const mode = existing.kind === 'file' ? existing.mode : undefined;
    if (typeof content === 'function' && ops.writePieces) await ops.writePieces(temp, content, mode);
    else await ops.write(temp, await bytesOf(content), mode);
    await ops.move(temp, target, overwrite);
  } catch (e) {
    await ops.remove(temp).catch(() => undefined);
    throw e;
  } finally {
    done();
  }
}

const exists = (p: string) => access(p).then(() => true, () => false);

/** Creates `path`, which must not exist, with `mode` set before `fill` writes any byte. */
async function create(path: string, mode: number | undefined, fill: (handle: FileHandle) => Promise<void>): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    if (mode !== undefined) await handle.chmod(mode);
    await fill(handle);
  } finally {
    await handle.close();
  }
}

/** Pieces are written in blocks of about this size: few system calls, little held. */
const BLOCK = 64 * 1024;

/** Writes what `produce` hands over to `fd`, a block at a time. */
async function writeInBlocks(fd: number, produce: Producer): Promise<void> {
  let held: Uint8Array[] = [];
  let size = 0;
  const flush = () => {
    const block = held.length === 1 ? held[0] : Buffer.concat(held, size);
    // Synchronous: the next piece is produced once this block is in the file.
    for (let at = 0; at < block.length;) at += writeSync(fd, block, at);
    held = [];
    size = 0;
  };
  await produce((piece) => {
    const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
    held.push(bytes);
    size += bytes.length;
    if (size >= BLOCK) flush();
  });
  if (size) flush();
}

export const nodeWriteOps: WriteOps<string> = {
  sibling: (target, name) => join(dirname(target), name),
  basename: (target) => basename(target),
  inspect: async (path) => {
    try {
      const info = await lstat(path);
      return info.isFile() ? { kind: 'file', mode: info.mode & 0o777 } : { kind: 'other', what: kindOf(info) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
      throw e;
    }
  },
  write: (path, data, mode) => create(path, mode, (handle) => handle.writeFile(data)),
  writePieces: (path, produce, mode) => create(path, mode, (handle) => writeInBlocks(handle.fd, produce)),
  move: async (from, to, overwrite) => {
    if (overwrite) return rename(from, to);
    try {
      // A hard link fails when `to` exists: no moment at which another file could be replaced.
      await link(from, to);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw e;
      // A file system without hard links: check, then rename.
      if (await exists(to)) throw Object.assign(new Error(`${to} already exists`), { code: 'EEXIST' });
      return rename(from, to);
    }
    await unlink(from);
  },
  remove: (path) => unlink(path),
  siblings: (target) => readdir(dirname(target)),
};
