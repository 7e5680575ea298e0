// How much a command reads. Checking costs about 1.7 KiB of memory per
// statement, so 8 MiB (some 100,000 imported segments, or 900,000 of the
// shortest statements: about 1.6 GB at most) covers real flows with room to
// spare, while /dev/zero, an endless pipe or a wrong path cannot take the
// machine's memory.
import { InputError } from './errors';

const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

export const DEFAULT_MAX_SIZE = 8 * UNITS.M;

export const MAX_SIZE_HELP = `  --max-size SIZE       read inputs up to SIZE bytes (K, M or G suffix; default: 8M)`;

/** `--max-size` in bytes: a whole number with an optional K, M or G (powers of 1024). */
export function parseSize(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_SIZE;
  const m = /^(\d+)([KMG]?)(?:i?B)?$/i.exec(text.trim());
  const bytes = m ? Number(m[1]) * UNITS[m[2].toUpperCase()] : NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new InputError(`--max-size ${text}: expected a size such as 64M, 512K or 1G`);
  return bytes;
}

export function formatSize(bytes: number): string {
  for (const unit of ['G', 'M', 'K']) if (bytes % UNITS[unit] === 0) return `${bytes / UNITS[unit]} ${unit}iB`;
  return `${bytes} bytes`;
}

/** Why an input over the limit is refused, and how to read it anyway. */
export const tooLarge = (limit: number) => `larger than the ${formatSize(limit)} limit (--max-size raises it)`;
