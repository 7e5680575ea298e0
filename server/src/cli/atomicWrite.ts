// Writing an exported file so that it is never seen half-written and never
// replaces a file by accident: the bytes go to a temporary file beside the
// target, which is then moved onto it (a rename within one folder is atomic).
// Shared by the CLI (Node's fs) and the extension (VS Code's file system).
import { randomBytes } from 'node:crypto';
import { access, link, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** What an atomic write needs of a file system, for paths of type P. */
export interface WriteOps<P> {
  /** The path of a file named `name` in the folder of `target`. */
  sibling(target: P, name: string): P;
  basename(target: P): string;
  write(path: P, data: Uint8Array): Promise<void>;
  /** Moves `from` onto `to`; fails when `to` exists, unless `overwrite`. */
  move(from: P, to: P, overwrite: boolean): Promise<void>;
  remove(path: P): Promise<void>;
}

export async function writeAtomic<P>(ops: WriteOps<P>, target: P, data: Uint8Array, overwrite: boolean): Promise<void> {
  const temp = ops.sibling(target, `.${ops.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await ops.write(temp, data);
    await ops.move(temp, target, overwrite);
  } catch (e) {
    await ops.remove(temp).catch(() => undefined);
    throw e;
  }
}

const exists = (p: string) => access(p).then(() => true, () => false);

export const nodeWriteOps: WriteOps<string> = {
  sibling: (target, name) => join(dirname(target), name),
  basename: (target) => basename(target),
  write: (path, data) => writeFile(path, data, { flag: 'wx' }),
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
};
