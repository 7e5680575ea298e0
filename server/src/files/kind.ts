// How a message names what a path is, when it is not a regular file.
import type { Dirent, Stats } from 'node:fs';

/** What a path names when it is not a regular file, as a message says it. */
export function kindOf(info: Stats | Dirent): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  if (info.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}
