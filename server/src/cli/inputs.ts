// Reading the files a command is given: paths, folders (their *.tcpflow files),
// or `-` for standard input; binary and non-UTF-8 input is refused clearly.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { CliIO } from './io';

export interface Input {
  /** The name to print in diagnostics (`<stdin>` for `-`). */
  readonly name: string;
  readonly text: string;
}

export class InputError extends Error {}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes a file's bytes as text, or says why it is not a flow file. */
export function decodeText(name: string, bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new InputError(`${name}: not a text file (it contains NUL bytes); a .tcpflow file is UTF-8 text`);
  try {
    return decoder.decode(bytes);
  } catch {
    throw new InputError(`${name}: not valid UTF-8 text; a .tcpflow file is UTF-8 text`);
  }
}

async function flowFilesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) out.push(...(await flowFilesUnder(p)));
    else if (entry.isFile() && entry.name.endsWith('.tcpflow')) out.push(p);
  }
  return out;
}

/** Expands the arguments into paths; folders become the .tcpflow files under them. */
export async function expandPaths(args: readonly string[], io: CliIO): Promise<string[]> {
  const paths: string[] = [];
  for (const arg of args) {
    if (arg === '-') {
      paths.push('-');
      continue;
    }
    const abs = resolve(io.cwd, arg);
    let info;
    try {
      info = await stat(abs);
    } catch (e) {
      throw new InputError(`${arg}: ${describeFsError(e)}`);
    }
    if (info.isDirectory()) {
      const found = await flowFilesUnder(abs);
      if (!found.length) throw new InputError(`${arg}: no .tcpflow files in this folder`);
      paths.push(...found.map((p) => relative(io.cwd, p) || p));
    } else paths.push(arg);
  }
  return paths;
}

export async function readInput(path: string, io: CliIO): Promise<Input> {
  if (path === '-') return { name: '<stdin>', text: decodeText('<stdin>', await io.readStdin()) };
  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(io.cwd, path));
  } catch (e) {
    throw new InputError(`${path}: ${describeFsError(e)}`);
  }
  return { name: path, text: decodeText(path, bytes) };
}

export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or folder';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a folder, not a file';
    case 'EEXIST': return 'already exists';
    default: return e instanceof Error ? e.message : String(e);
  }
}
