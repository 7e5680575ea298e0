// Reading the files a command is given: paths, folders (their *.tcpflow files),
// or `-` for standard input. Only regular files are opened, and no more than
// the size limit is read; binary and non-UTF-8 input is refused clearly.
import { constants, type Dirent, type Stats } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { kindOf } from '../files/kind';
import { InputError } from './errors';
import { shown, type CliIO } from './io';
import { tooLarge } from './limits';

export interface Input {
  /** The name to print in diagnostics (`<stdin>` for `-`). */
  readonly name: string;
  readonly text: string;
  /** The file's identity (device and inode), to recognise it under another name; none for standard input. */
  readonly id?: string;
}

export const STDIN = '-';
export const STDIN_NAME = '<stdin>';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes a file's bytes as text, or says why it is not a flow file. */
export function decodeText(name: string, bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new InputError(`${shown(name)}: not a text file (it contains NUL bytes); a .tcpflow file is UTF-8 text`);
  try {
    return decoder.decode(bytes);
  } catch {
    throw new InputError(`${shown(name)}: not valid UTF-8 text; a .tcpflow file is UTF-8 text`);
  }
}


/** Where a command reports an input it cannot use (the path as given, the message naming it) before going on with the others. */
export type Report = (path: string, message: string) => void;

async function flowFilesUnder(dir: string, shownAs: string, report: Report): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    report(shownAs, `${shown(shownAs)}: ${describeFsError(e)}`);
    return [];
  }
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) {
      for (const f of await flowFilesUnder(p, join(shownAs, entry.name), report)) out.push(f);
    } else if (entry.isFile() && entry.name.endsWith('.tcpflow')) out.push(p);
  }
  return out;
}

/**
 * Expands the arguments into paths; folders become the .tcpflow files under
 * them. A path that cannot be used is reported and left out; `-` given twice
 * is bad usage (standard input can be read once).
 */
export async function expandPaths(args: readonly string[], io: CliIO, report: Report): Promise<string[]> {
  if (args.filter((a) => a === STDIN).length > 1) throw new InputError('- (standard input) is given more than once; it can be read only once');
  const paths: string[] = [];
  for (const arg of args) {
    if (arg === STDIN) {
      paths.push(STDIN);
      continue;
    }
    const abs = resolve(io.cwd, arg);
    let info;
    try {
      info = await stat(abs);
    } catch (e) {
      report(arg, `${shown(arg)}: ${describeFsError(e)}`);
      continue;
    }
    if (!info.isDirectory()) {
      paths.push(arg);
      continue;
    }
    const found = await flowFilesUnder(abs, arg, report);
    if (!found.length) report(arg, `${shown(arg)}: no .tcpflow files in this folder`);
    for (const p of found) paths.push(relative(io.cwd, p) || p);
  }
  return paths;
}

/** A file's identity: the same for every name (hard link, symbolic link, relative path) of one file. */
export const fileId = (info: Stats) => `${info.dev}:${info.ino}`;

/** A regular file's bytes, at most `limit` of them, and its identity; anything else is refused without blocking. */
async function readRegularFile(path: string, shownAs: string, limit: number): Promise<{ bytes: Buffer; id: string }> {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer for ever.
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      const pipe = info.isFIFO() || info.isSocket() ? ' (to read a pipe, give - and redirect it to standard input)' : '';
      throw new InputError(`${shown(shownAs)}: ${kindOf(info)}, not a file${pipe}`);
    }
    if (info.size > limit) throw new InputError(`${shown(shownAs)}: ${tooLarge(limit)}`);
    // The size is only a hint (a file may grow while read, /proc files say 0): stop past the limit.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(info.size - total, 64 * 1024), limit + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > limit) throw new InputError(`${shown(shownAs)}: ${tooLarge(limit)}`);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    // Read whole in one chunk (the size was right): no copy.
    return { bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total), id: fileId(info) };
  } finally {
    await handle.close();
  }
}

export async function readInput(path: string, io: CliIO, limit: number): Promise<Input> {
  if (path === STDIN) return { name: STDIN_NAME, text: decodeText(STDIN_NAME, await io.readStdin(limit)) };
  let file;
  try {
    file = await readRegularFile(resolve(io.cwd, path), path, limit);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${shown(path)}: ${describeFsError(e)}`);
  }
  return { name: path, text: decodeText(path, file.bytes), id: file.id };
}

/** A file system error as the end of a message line: what went wrong, without Node's code and syscall. */
export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or folder';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'a folder, not a file';
    case 'ENOTDIR': return 'a part of the path is not a folder';
    case 'EEXIST': return 'already exists';
    case 'ELOOP': return 'too many levels of symbolic links';
    case 'ENAMETOOLONG': return 'the name is too long';
    case 'ENOSPC': return 'no space left on the device';
    case 'EROFS': return 'read-only file system';
    case 'EMFILE':
    case 'ENFILE': return 'too many open files';
    default: {
      // Node's form is `CODE: description, syscall 'path'`: keep the description.
      const message = e instanceof Error ? e.message : String(e);
      return shown((/^[A-Z]+: ([^,]+)/.exec(message)?.[1] ?? message).split('\n')[0]);
    }
  }
}
