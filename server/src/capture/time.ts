/** Nanoseconds as seconds with 6 decimals, rounded to the microsecond. */
export function formatSeconds(ns: bigint): string {
  const micros = (ns + 500n) / 1000n;
  return `${micros / 1_000_000n}.${(micros % 1_000_000n).toString().padStart(6, '0')}`;
}
