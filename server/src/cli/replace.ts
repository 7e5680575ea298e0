// Whether a command may write over what a target path names now: nothing there,
// or a regular file that is not one of its inputs, with --force. The answer is
// known before the work (drawing a picture can take seconds).
import { lstat } from 'node:fs/promises';
import { kindOf } from '../files/kind';
import { fileId } from './inputs';

/** Why `target` is not to be replaced (the end of a message line), or undefined when it may be written. */
export async function whyNotReplaced(target: string, inputIds: ReadonlySet<string | undefined>, force: boolean, isInput: string): Promise<string | undefined> {
  const existing = await lstat(target).catch(() => undefined);
  if (!existing) return undefined;
  if (!existing.isFile()) return `${kindOf(existing)}, not a file: not replaced`;
  if (inputIds.has(fileId(existing))) return isInput;
  return force ? undefined : 'exists; not replaced (use --force to replace it)';
}
